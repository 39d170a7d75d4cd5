import { join } from 'node:path';
import { loadImageStreams } from '../../src/config/image-stream-source.js';
import type { ImageStream } from '../../src/core/types.js';
import { InputError } from '../../src/errors.js';

/** What loadImageStreams makes of `dir/name`: its streams, or the problems its InputError lists. */
export async function loaded(dir: string, name: string): Promise<{ streams: ImageStream[]; problems: string[] }> {
  try {
    return { streams: await loadImageStreams(join(dir, name)), problems: [] };
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    return { streams: [], problems: err.problems };
  }
}
