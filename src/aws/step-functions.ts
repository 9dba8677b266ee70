import { DescribeExecutionCommand, SFNClient, StartExecutionCommand, type SFNClientConfig } from '@aws-sdk/client-sfn';
import type { FanOutStarter, StartedFanOut } from '../service/fan-out.js';
import { abortable, awsClientConfig, type AdvisorClientOptions } from './client-config.js';
import { AdvisorError, AwsResponseError } from '../errors.js';

/** Every execution name the fan-out may use for a period was taken by a failed run: the digest did not start. */
export class FanOutStartError extends AdvisorError {
  override readonly name = 'FanOutStartError';
  readonly code = 'fanout-start';
}

/**
 * Starts the digest's fan-out state machine, once per period, and again when the period's run failed.
 *
 * Step Functions makes a start idempotent: a standard workflow's execution name is unique for 90 days,
 * and StartExecution with the name of a running execution and the same input answers with it. A name
 * whose execution has closed (or another input) is refused with ExecutionAlreadyExists. So the period's
 * execution is looked up (DescribeExecution): running or succeeded, it is the period's run; failed,
 * timed out or aborted, the period has no digest yet, and a new execution `<name>-r2` (then `-r3`, …)
 * runs the failed one's own input again, so re-invoking the digest recovers the week instead of
 * answering `alreadyStarted` forever. Partial reports the failed run left are of the same run (same
 * clock and prices) and are reused.
 */
export const MAX_FANOUT_ATTEMPTS = 5;

const CLOSED_WITHOUT_DIGEST = new Set(['FAILED', 'TIMED_OUT', 'ABORTED']);

export class StepFunctionsStarter implements FanOutStarter {
  constructor(
    private readonly client: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  async start(name: string, input: string, signal?: AbortSignal): Promise<StartedFanOut> {
    let runInput = input;
    const failed: string[] = [];
    for (let attempt = 1; attempt <= MAX_FANOUT_ATTEMPTS; attempt++) {
      const candidate = attempt === 1 ? name : `${name}-r${attempt}`.slice(0, 80);
      const executionArn = executionArnOf(this.stateMachineArn, candidate);
      const started = await this.tryStart(candidate, runInput, signal);
      if (started) return { executionArn: started, alreadyStarted: false, ...(failed.length ? { replaces: failed } : {}) };
      const existing = await this.client.send(new DescribeExecutionCommand({ executionArn }), abortable(signal));
      // The first execution's input is the run: its clock, items and prices. A retry repeats it exactly.
      if (attempt === 1 && existing.input) runInput = existing.input;
      if (!CLOSED_WITHOUT_DIGEST.has(existing.status ?? '')) {
        return { executionArn, alreadyStarted: true, ...(existing.status ? { status: existing.status } : {}), ...(failed.length ? { replaces: failed } : {}) };
      }
      failed.push(`${executionArn} (${existing.status})`);
    }
    throw new FanOutStartError(`the fan-out for ${name} failed ${MAX_FANOUT_ATTEMPTS} times (${failed.join(', ')}); see README, Operations: "A digest that did not go out"`);
  }

  /** The new execution's ARN, or undefined when the name is taken. */
  private async tryStart(name: string, input: string, signal?: AbortSignal): Promise<string | undefined> {
    try {
      const out = await this.client.send(new StartExecutionCommand({ stateMachineArn: this.stateMachineArn, name, input }), abortable(signal));
      if (!out.executionArn) throw new AwsResponseError(`Step Functions started ${name} but returned no executionArn`);
      return out.executionArn;
    } catch (error) {
      if ((error as Error).name === 'ExecutionAlreadyExists') return undefined;
      throw error;
    }
  }
}

/** `arn:aws:states:<region>:<account>:stateMachine:<machine>` + name -> `…:execution:<machine>:<name>`. */
export function executionArnOf(stateMachineArn: string, name: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
}

export function createStepFunctionsClient(region: string, options: AdvisorClientOptions<SFNClientConfig> = {}): SFNClient {
  return new SFNClient(awsClientConfig(region, options));
}
