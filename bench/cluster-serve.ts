/**
 * For the cores measurement of `npm run bench` only: `serve` in BENCH_WORKERS node:cluster workers
 * sharing one listening port (the primary hands out connections round-robin), each with its own
 * ImageStream cache. Usage: node cluster-serve.js serve <serve flags>. SIGTERM is passed to every
 * worker (each shuts down gracefully); any still running after 10 s is killed.
 */
import cluster from 'node:cluster';

const workers = Number(process.env.BENCH_WORKERS ?? 2);

if (cluster.isPrimary) {
  const children = Array.from({ length: workers }, () => cluster.fork());
  process.once('SIGTERM', () => {
    for (const child of children) child.process.kill('SIGTERM');
    setTimeout(() => {
      for (const child of children) if (child.process.exitCode === null) child.process.kill('SIGKILL');
    }, 10_000).unref();
  });
} else {
  await import('../src/main.js');
}
