import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { watchFiles, type FileWatcher } from '../../src/config/file-watcher.js';
import { createLogger } from '../../src/log.js';
import { eventually } from '../http/support.js';
import { createTempFiles, removeTempFiles } from './temp-files.js';

describe('file watcher', () => {
  let dir = '';
  let watcher: FileWatcher | undefined;
  const logger = createLogger({ level: 'silent' });
  beforeEach(async () => {
    dir = await createTempFiles({ 'tls.crt': 'one' });
  });
  afterEach(async () => {
    watcher?.close();
    await removeTempFiles(dir);
  });

  it('reports its first reading, so a file changed after the caller read it but before watching began is not lost', async () => {
    const file = join(dir, 'tls.crt');
    let changes = 0;
    // The caller has read "one"; the file changes before the watcher takes its first reading.
    writeFileSync(file, 'two, written between the caller\'s read and the start of watching');
    watcher = watchFiles({ files: [file], pollIntervalMs: 50, watchDirectories: false, what: 'test', logger, onChange: () => Promise.resolve(void (changes += 1)) });
    await eventually('the change to be reported', () => changes >= 1);
  });

  it('reports one settled change for a burst of writes, and none while nothing changes', async () => {
    const file = join(dir, 'tls.crt');
    let changes = 0;
    watcher = watchFiles({ files: [file], pollIntervalMs: 20, watchDirectories: false, what: 'test', logger, onChange: () => Promise.resolve(void (changes += 1)) });
    await eventually('the start-up reading', () => changes === 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(changes, 'an unchanged file is not reported again').to.equal(1);
    writeFileSync(file, 'three');
    writeFileSync(file, 'three, longer');
    await eventually('the burst to be reported', () => changes === 2);
  });
});
