// Preloaded into a benchmarked child (node --import): writes its peak RSS (KiB) where BENCH_RSS_FILE says, on exit.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  if (process.env.BENCH_RSS_FILE) writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS));
});
