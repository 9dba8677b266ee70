import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand, type SFNClientConfig } from '@aws-sdk/client-sfn';
import type { FanOutStarter } from '../service/fan-out.js';
import { awsClientConfig, type AdvisorClientOptions } from './client-config.js';

/**
 * Starts the digest's fan-out state machine. Step Functions itself makes the start idempotent: a
 * standard workflow's execution name is unique for 90 days, StartExecution with the same name and
 * input answers with the running (or finished) execution, and with another input it refuses with
 * ExecutionAlreadyExists. Either way the period's run exists once.
 */
export class StepFunctionsStarter implements FanOutStarter {
  constructor(
    private readonly client: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  async start(name: string, input: string): Promise<{ executionArn: string; alreadyStarted: boolean }> {
    try {
      const out = await this.client.send(new StartExecutionCommand({ stateMachineArn: this.stateMachineArn, name, input }));
      if (!out.executionArn) throw new Error(`Step Functions started ${name} but returned no executionArn`);
      return { executionArn: out.executionArn, alreadyStarted: false };
    } catch (error) {
      if (!(error instanceof ExecutionAlreadyExists || (error as Error).name === 'ExecutionAlreadyExists')) throw error;
      return { executionArn: executionArnOf(this.stateMachineArn, name), alreadyStarted: true };
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
