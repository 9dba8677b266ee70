// Times the require of one bundle in a fresh process (the Lambda init phase): CPU (user + system) and
// wall time around the require alone, printed as one JSON line. Argument: the bundle's path.
const c0 = process.cpuUsage();
const t0 = performance.now();
require(process.argv[2]);
const wall = performance.now() - t0;
const c = process.cpuUsage(c0);
process.stdout.write(`${JSON.stringify({ cpu: (c.user + c.system) / 1000, wall })}\n`);
