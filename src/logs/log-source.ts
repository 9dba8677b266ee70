import { ConfigurationError } from '../errors.js';
import { REGION_EXAMPLE, isRegionCode } from '../region.js';
import { ACCOUNT_ID, ARN_PATTERNS } from '../model-id.js';

/**
 * What `--invocation-logs` names: a local folder laid out as the log bucket, the bucket itself
 * (`s3://bucket/prefix`), or a CloudWatch Logs group, given by its ARN
 * (`arn:aws:logs:REGION:ACCOUNT:log-group:NAME`, as the console and `aws logs describe-log-groups`
 * show it, with or without the trailing `:*`). The ARN is the one spelling of a group: it carries the
 * Region and account the group lives in, so nothing else has to say them; a bare group name
 * (`/aws/bedrock/...`) would read as a local path. Text that starts like an ARN but is not a log
 * group's is refused rather than read as a folder.
 */
export type InvocationLogSource =
  | { kind: 'folder'; path: string }
  | { kind: 's3'; uri: string }
  | { kind: 'log-group'; arn: string; region: string; accountId: string; name: string };


export const LOG_GROUP_ARN_EXAMPLE = 'arn:aws:logs:us-east-1:123456789012:log-group:NAME';

export function invocationLogSource(text: string): InvocationLogSource {
  if (text.startsWith('s3://')) return { kind: 's3', uri: text };
  if (!text.startsWith('arn:')) return { kind: 'folder', path: text };
  const match = ARN_PATTERNS.logGroup.exec(text);
  const refuse = (why: string) =>
    new ConfigurationError(`--invocation-logs ${text}: ${why}; give a log group as ${LOG_GROUP_ARN_EXAMPLE} (a local folder whose name starts with "arn:" as ./${text})`);
  if (!match) throw refuse('not a CloudWatch Logs log group ARN');
  const [, partition, region, accountId, name] = match as unknown as [string, string, string, string, string];
  if (!isRegionCode(region)) throw refuse(`the Region "${region}" is not ${REGION_EXAMPLE}`);
  if (!ACCOUNT_ID.test(accountId)) throw refuse(`the account "${accountId}" is not a 12-digit account ID`);
  // FilterLogEvents takes the ARN without the trailing `:*` (CloudWatch Logs API, logGroupIdentifier).
  return { kind: 'log-group', arn: `arn:${partition}:logs:${region}:${accountId}:log-group:${name}`, region, accountId, name };
}
