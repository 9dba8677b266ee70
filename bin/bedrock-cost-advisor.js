#!/usr/bin/env node
// The AWS SDK prints a Node-version warning when it loads; it is meant for us, not for a user's
// output. The variable must be set before the bundle (and the SDK it imports) is loaded.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { main } = await import('../dist/cli.js');

process.exitCode = await main(process.argv.slice(2));
