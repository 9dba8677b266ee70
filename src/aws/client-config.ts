import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { RetryErrorInfo, RetryStrategyV2, RetryToken } from '@smithy/types';
import { systemClock } from '../clock.js';
import { AdvisorError } from '../errors.js';

/**
 * How the retry strategy says "no more retries": the SDK's retry middleware catches it and rethrows the
 * call's own error, so this one is never seen by a caller; it is typed only so no plain Error is thrown.
 */
export class RetryRefusedError extends AdvisorError {
  override readonly name = 'RetryRefusedError';
  readonly code = 'retry-refused';
}

/**
 * The one place every AWS client of the advisor gets its transport and retry behaviour from, so no
 * call can hang forever and no throttled call gives up early:
 * - connection and request timeouts on the HTTP handler. `throwOnRequestTimeout` is required: without
 *   it smithy's `requestTimeout` only logs a warning and a hung endpoint keeps the call waiting;
 * - a retry strategy that backs off on throttling with full jitter and no retry quota (below).
 */

export interface ClientTimeouts {
  /** Time to open the TCP (and TLS) connection. */
  connectionTimeoutMs: number;
  /** Time from sending the request to the end of the response; the call fails with a TimeoutError after it. */
  requestTimeoutMs: number;
}

/**
 * A Bedrock or CloudWatch call answers in well under a second; a 30-day GetMetricData page of 500
 * series is the largest response and still takes a few seconds. 30 s leaves room for that and cuts a
 * hung Region off long before a Lambda's timeout.
 */
export const DEFAULT_TIMEOUTS: ClientTimeouts = { connectionTimeoutMs: 3_000, requestTimeoutMs: 30_000 };

export interface RetryLimits {
  /** Attempts (first call included) for a throttled call. */
  maxThrottledAttempts: number;
  /** Attempts for transient faults: timeouts, resets, 5xx. */
  maxTransientAttempts: number;
  /** First backoff ceiling; each retry doubles it, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * Throttling is the expected state of a busy account, not a fault: 20 attempts fail only when a call
 * is throttled 20 times running (at 50% throttling, 1 in a million calls), and the deadline (an abort
 * signal on every call) bounds the total time anyway. 12 attempts (1 in 4,096) lost a whole Region in
 * about one run in twenty of the faults bench (about 250 calls at 50% throttling): one unlucky call
 * fails its Region. Transient faults (a timeout, a reset, a 5xx) get 3 attempts: a hung endpoint costs
 * at most 3 request timeouts.
 *
 * The ceiling stops at 1 s: with at most 4 calls in flight per API and Region (the collector's bound),
 * retries stay far below CloudWatch's 50 TPS, while a call unlucky enough to be throttled ten times
 * running waits about 6 s in all rather than half a minute (measured: with a 5 s ceiling one such call
 * made a 40-model collection take 17 s instead of 1).
 */
export const DEFAULT_RETRY_LIMITS: RetryLimits = { maxThrottledAttempts: 20, maxTransientAttempts: 3, baseDelayMs: 100, maxDelayMs: 1_000 };

class Attempt implements RetryToken {
  constructor(
    private readonly retries: number,
    private readonly delayMs: number,
  ) {}
  getRetryCount(): number {
    return this.retries;
  }
  getRetryDelay(): number {
    return this.delayMs;
  }
}

/**
 * Exponential backoff with full jitter, and no shared retry quota.
 *
 * Why not the SDK's own modes: `standard` spends a client-wide quota of 500 "retry tokens" (5 per
 * retry), so an account throttled at 50% exhausts it after about a hundred retries and every later
 * call fails at once; `adaptive` also cuts the client's send rate by 30% on every throttle (CUBIC),
 * which under steady throttling collapses to a fraction of a call per second (issue 9: 582 s instead
 * of 18 s for 200 models x 30 days). Here each call backs off on its own, the concurrency bound in
 * the collector caps the load, and the jitter spreads retries so they do not arrive together.
 * The server's `Retry-After` hint, when given, is the floor of the delay.
 */
export class JitterBackoffRetryStrategy implements RetryStrategyV2 {
  readonly mode = 'jitter-backoff';

  constructor(
    private readonly limits: RetryLimits = DEFAULT_RETRY_LIMITS,
    private readonly random: () => number = Math.random,
  ) {}

  async acquireInitialRetryToken(_scope: string): Promise<RetryToken> {
    return new Attempt(0, 0);
  }

  async refreshRetryTokenForRetry(token: RetryToken, info: RetryErrorInfo): Promise<RetryToken> {
    const retries = token.getRetryCount() + 1;
    const maxAttempts = info.errorType === 'THROTTLING' ? this.limits.maxThrottledAttempts : this.limits.maxTransientAttempts;
    if (info.errorType === 'CLIENT_ERROR' || retries >= maxAttempts) {
      // Refusing is throwing; the retry middleware then rethrows the call's own error.
      throw new RetryRefusedError(`no retry after ${retries} attempt(s) (${info.errorType})`);
    }
    const ceiling = Math.min(this.limits.maxDelayMs, this.limits.baseDelayMs * 2 ** (retries - 1));
    const hinted = info.retryAfterHint ? Math.max(0, info.retryAfterHint.getTime() - systemClock.now().getTime()) : 0;
    return new Attempt(retries, Math.max(hinted, Math.floor(this.random() * ceiling)));
  }

  recordSuccess(_token: RetryToken): void {}
}

/** Any client's own configuration (endpoint, credentials…), plus the advisor's timeouts and retry limits. */
export type AdvisorClientOptions<TConfig> = Partial<TConfig> & {
  timeouts?: Partial<ClientTimeouts>;
  retry?: Partial<RetryLimits>;
};

/**
 * Region, transport and retry for any SDK v3 client: `new CloudWatchClient(awsClientConfig(region, options))`.
 * A fresh handler per client, so destroying one client never closes another's sockets. Fields of
 * `options` other than `timeouts`/`retry` (endpoint, credentials) pass through unchanged.
 */
export function awsClientConfig<TConfig>(region: string, options: AdvisorClientOptions<TConfig> = {}) {
  const { timeouts: timeoutOverrides, retry, ...clientOptions } = options;
  const timeouts = { ...DEFAULT_TIMEOUTS, ...timeoutOverrides };
  return {
    region,
    requestHandler: new NodeHttpHandler({
      connectionTimeout: timeouts.connectionTimeoutMs,
      requestTimeout: timeouts.requestTimeoutMs,
      throwOnRequestTimeout: true,
    }),
    retryStrategy: new JitterBackoffRetryStrategy({ ...DEFAULT_RETRY_LIMITS, ...retry }),
    ...clientOptions,
  };
}

/** The second argument of `client.send`: the caller's abort signal, when there is one. */
export function abortable(signal: AbortSignal | undefined): { abortSignal?: AbortSignal } {
  return signal ? { abortSignal: signal } : {};
}
