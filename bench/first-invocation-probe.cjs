// Times, in a fresh process, the require of a function bundle built by buildFirstInvocationBundle (the
// Lambda init phase) and then its firstInvocation(): the modules the handler's first invocation
// import()s, evaluated. CPU (user + system) and wall time from before the require to after the last
// module, and init's own share; one JSON line. Argument: the bundle's path.
const c0 = process.cpuUsage();
const t0 = performance.now();
const fn = require(process.argv[2]);
const init = process.cpuUsage(c0);
fn.firstInvocation().then(() => {
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  process.stdout.write(`${JSON.stringify({ cpu: (c.user + c.system) / 1000, wall, initCpu: (init.user + init.system) / 1000 })}\n`);
});
