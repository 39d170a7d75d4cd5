import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * Writes `files` (relative path → content) into a fresh directory under the OS temp dir and
 * returns its path, so loaders are tested against the real filesystem.
 */
export async function createTempFiles(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'isw-test-'));
  for (const [name, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), content);
  }
  return dir;
}

/** Removes a directory made by `createTempFiles`; a missing directory is not an error. */
export function removeTempFiles(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true });
}
