/**
 * Which objects of the log bucket hold records: `AWSLogs/{account}/BedrockModelInvocationLogs/{region}/YYYY/MM/DD/HH/*.json.gz`
 * (model-invocation-logging.html). Large bodies delivered apart (under `data/`, below the hour) and the
 * permission-check object (beside the Region folders) are not in an hour folder, so the layout alone
 * leaves them out. Only the layout is tested, never the folders above `AWSLogs/`: a copy kept under a
 * folder named `data` is read like any other. One pattern for the CLI's file walk, the S3 listing and
 * the Athena query (src/logs/logs-sql.ts), so the three read the same objects.
 */
export const LOG_OBJECT = /(^|[\\/])AWSLogs[\\/]\d{12}[\\/]BedrockModelInvocationLogs[\\/][a-z0-9-]+[\\/]\d{4}[\\/]\d{2}[\\/]\d{2}[\\/]\d{2}[\\/][^\\/]+\.json\.gz$/;

/** The permission-check object Bedrock writes when logging is set up (its name, wherever it sits). */
export const PERMISSION_CHECK = /permission-check[^\\/]*$/;

/** Whether a path (a local file, an S3 key or an S3 URI) is an invocation-log object holding records. */
export function isLogRecordObject(path: string): boolean {
  return LOG_OBJECT.test(path) && !PERMISSION_CHECK.test(path);
}
