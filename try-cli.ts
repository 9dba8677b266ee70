import { main } from './src/cli/main.js';
process.exitCode = await main(process.argv.slice(2), { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), env: { SOURCE_DATE_EPOCH: '1796169600' } });
