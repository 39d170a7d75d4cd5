import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** How often a token file is read again: bound ServiceAccount tokens rotate (hourly by default). */
const TOKEN_REREAD_MS = 60_000;

/** A Bearer header from a token file, read again at most once a minute (rotated tokens are picked up). */
export function bearerFromFile(file: string): () => Promise<string> {
  let token = '';
  let readAt = -Infinity;
  return () => {
    if (performance.now() - readAt > TOKEN_REREAD_MS) {
      token = readFileSync(file, 'utf8').trim();
      readAt = performance.now();
    }
    return Promise.resolve(`Bearer ${token}`);
  };
}
