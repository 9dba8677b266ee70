// The state machine's definition for serverless.yml, read from the .asl.json file the tests check.
// A JS resolver hands the text over as it is: `${FanoutWorkerArn}`-style placeholders are filled by
// CloudFormation (DefinitionSubstitutions), not by the Serverless variable syntax.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

module.exports.definitionString = () => JSON.stringify(JSON.parse(readFileSync(join(__dirname, 'digest-fanout.asl.json'), 'utf8')));
