/**
 * The scaling table of `npm run bench`: load time and memory of `serve --imagestreams` from 1,000 to
 * 100,000 streams (directory form). The rows run with a 512 MiB old space, as the chart gives a
 * 1Gi container: the default 512Mi limit (256 MiB old space) fits about 80,000 streams; at a
 * 256Mi limit 100,000 streams end in a heap-limit crash (measured), which is what the limit is for.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { settledMemory } from './phases.js';
import { startServe, type Certificates } from './processes.js';
import { writeImageStreams } from './streams.js';

const FLAGS = ['--max-old-space-size=512'];

export async function scaling(work: string, certs: Certificates, counts: number[]): Promise<void> {
  console.log(`scaling, serve with ${FLAGS.join(' ')} (as with resources.limits.memory 1Gi):`);
  console.log('| streams (x 10 tags) | ready | steady RSS | peak RSS |\n|---:|---:|---:|---:|');
  for (const count of counts) {
    const dir = join(work, `scale-${count}`);
    mkdirSync(dir);
    writeImageStreams(dir, count);
    const server = await startServe(`scale ${count}`, ['--imagestreams', dir], certs, join(work, 'serve-scale.log'), 0, FLAGS);
    const memory = await settledMemory(server);
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
    console.log(`| ${count} | ${(server.readyMs / 1000).toFixed(1)} s | ${memory.rss.toFixed(0)} MiB | ${memory.peak.toFixed(0)} MiB |`);
  }
}
