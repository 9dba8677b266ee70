'use strict';
/**
 * A Serverless Framework plugin (local, no dependencies) that stops package and deploy when the Athena
 * parameters are half set. The template builds the invocation-log IAM (Glue table, log bucket) and the
 * bill IAM (CUR table, export bucket) from these parameters: with one of them empty, the stack would
 * grant `arn:aws:s3:::/*` or a table of no database, and the state machine would run a query it cannot
 * read. So the invocation logs are on only when their database, table and bucket are all set, and
 * either query needs the results bucket and a workgroup; anything in between is a clear error here.
 */

/** The invocation-log parameters: all three set (logs on) or all three empty (off). */
const LOGS_PARAMS = ['invocationLogsDatabase', 'invocationLogsTable', 'invocationLogsBucket'];
/** The bill parameters billSource athena needs. */
const BILL_PARAMS = ['billDatabase', 'billTable', 'billBucket'];
/** What either Athena query needs. */
const ATHENA_PARAMS = ['athenaWorkGroup', 'athenaResultsBucket'];

const isSet = (params, name) => String(params[name] ?? '').trim() !== '';

/** The problems of a set of parameters, each naming the parameters to set; [] = consistent. */
function athenaParamProblems(params) {
  const problems = [];
  const logsSet = LOGS_PARAMS.filter((name) => isSet(params, name));
  const logsOn = logsSet.length === LOGS_PARAMS.length;
  if (logsSet.length > 0 && !logsOn) {
    const missing = LOGS_PARAMS.filter((name) => !isSet(params, name));
    problems.push(`invocation logs are half set: ${logsSet.join(', ')} set but ${missing.join(', ')} empty (set all three to read the logs, or none)`);
  }
  const billOn = String(params.billSource ?? '').trim() === 'athena';
  if (billOn) {
    const missing = BILL_PARAMS.filter((name) => !isSet(params, name));
    if (missing.length > 0) problems.push(`billSource is athena but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} empty (the CUR 2.0 export's Glue database, table and bucket)`);
  }
  if (logsOn || billOn) {
    const missing = ATHENA_PARAMS.filter((name) => !isSet(params, name));
    const uses = [billOn ? 'the bill' : undefined, logsOn ? 'the invocation logs' : undefined].filter(Boolean).join(' and ');
    if (missing.length > 0) problems.push(`${uses} run on Athena but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} empty (where the queries run and write their results)`);
  }
  return problems;
}

class AthenaParamsCheck {
  constructor(serverless) {
    const check = () => {
      const params = serverless.service.custom?.athenaParams ?? {};
      const problems = athenaParamProblems(params);
      if (problems.length === 0) return;
      const message = `Athena parameters: ${problems.join('; ')}.`;
      throw serverless.classes?.Error ? new serverless.classes.Error(message) : new Error(message);
    };
    this.hooks = { 'before:package:initialize': check, 'before:deploy:deploy': check };
  }
}

module.exports = AthenaParamsCheck;
module.exports.athenaParamProblems = athenaParamProblems;
