'use strict';
/**
 * A Serverless Framework plugin (local, no dependencies) that says loudly, on package and deploy,
 * when nobody is subscribed to the operations topic: every alarm of the stack (a failed or aborted
 * digest, the no-digest heartbeat) would then reach no one. The stack output OperationsAlarmsGoTo
 * says the same after deploy.
 */
class OperationsSubscriberWarning {
  constructor(serverless, _options, utils) {
    const warn = () => {
      const email = String(serverless.service.custom?.operationsEmail ?? '').trim();
      if (email) return;
      const line =
        'WARNING: no subscriber on the operations topic: alarms (a failed or aborted digest, no digest in a period) reach NO ONE. ' +
        'Deploy with --param="operationsEmail=you@example.com", or subscribe to the OperationsTopicArn output.';
      if (utils?.log?.warning) utils.log.warning(line);
      else process.stderr.write(`${line}\n`);
    };
    this.hooks = { 'before:package:finalize': warn, 'before:deploy:deploy': warn };
  }
}
module.exports = OperationsSubscriberWarning;
