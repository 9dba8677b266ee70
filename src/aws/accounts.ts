import { AssumeRoleCommand, STSClient, type STSClientConfig } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { errorMessage as describe } from '../service/scope-errors.js';
import type { RegionSources } from '../service/ports.js';
import { awsClientConfig, type AdvisorClientOptions } from './client-config.js';
import { ASSUMED_ROLE_SECONDS, AccountAccessError, ROLE_SESSION_NAME, type AccountTarget } from './account-targets.js';
import { awsRegionSources, type SourceClientOptions } from './sources.js';
import { systemClock } from '../clock.js';
import { AwsResponseError } from '../errors.js';

/**
 * Into each account through STS AssumeRole (the targets themselves, and how they are configured, are
 * in ./account-targets.ts; the organization's listing in ./organization-accounts.ts).
 */

/**
 * The sources of each account: its own CloudWatch and Bedrock clients per Region, signed with the
 * credentials of its assumed role (a target without a role is the advisor's own account). Built once
 * per account and reused, so one AssumeRole serves every Region of that account.
 */
export function assumedRoleSources(sts: () => STSClient, options: SourceClientOptions = {}): (target: AccountTarget) => RegionSources {
  const byAccount = new Map<string, RegionSources>();
  return (target) => {
    let sources = byAccount.get(target.accountId);
    if (!sources) {
      const { roleArn } = target;
      sources = awsRegionSources(roleArn ? { ...options, credentials: assumeRoleCredentials(sts(), { ...target, roleArn }) } : options);
      byAccount.set(target.accountId, sources);
    }
    return sources;
  };
}

/**
 * Credentials for one account: AssumeRole into its read-only advisor role. The provider is called by
 * each SDK client when it needs credentials; the SDK caches them until `expiration`, so one account's
 * clients share one AssumeRole per hour.
 */
export function assumeRoleCredentials(sts: STSClient, target: AccountTarget & { roleArn: string }): AwsCredentialIdentityProvider {
  let pending: Promise<AwsCredentialIdentity> | undefined;
  let cached: AwsCredentialIdentity | undefined;
  const fresh = () => cached?.expiration !== undefined && cached.expiration.getTime() - systemClock.now().getTime() > 5 * 60_000;
  return async () => {
    if (fresh()) return cached!;
    pending ??= (async () => {
      try {
        const out = await sts.send(new AssumeRoleCommand({
          RoleArn: target.roleArn,
          RoleSessionName: ROLE_SESSION_NAME,
          DurationSeconds: ASSUMED_ROLE_SECONDS,
          ...(target.externalId !== undefined ? { ExternalId: target.externalId } : {}),
        }));
        const c = out.Credentials;
        if (!c?.AccessKeyId || !c.SecretAccessKey) throw new AwsResponseError('AssumeRole returned no credentials');
        cached = {
          accessKeyId: c.AccessKeyId,
          secretAccessKey: c.SecretAccessKey,
          ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
          ...(c.Expiration ? { expiration: c.Expiration } : {}),
          accountId: target.accountId,
        };
        return cached;
      } catch (error) {
        throw new AccountAccessError(`cannot assume ${target.roleArn} in account ${target.accountId}: ${describe(error)}`, target.accountId, { cause: error });
      } finally {
        pending = undefined;
      }
    })();
    return pending;
  };
}


/**
 * AssumeRole answers in milliseconds: 5 s per attempt (3 attempts for a transient fault) cuts a hung
 * STS endpoint off in about 15 s, long before a run's deadline, so the account is named as failed with
 * the timeout as its reason and the other accounts go on.
 */
export const STS_TIMEOUTS = { connectionTimeoutMs: 3_000, requestTimeoutMs: 5_000 };

/**
 * STS is called in the Lambda's own Region (regional endpoints; the global endpoint is legacy), with
 * the advisor's transport (timeouts, retries) like every other client.
 */
export function createStsClient(region: string, options: AdvisorClientOptions<STSClientConfig> = {}): STSClient {
  return new STSClient(awsClientConfig(region, { ...options, timeouts: { ...STS_TIMEOUTS, ...options.timeouts } }));
}
