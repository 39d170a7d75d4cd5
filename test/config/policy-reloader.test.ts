import { expect } from 'chai';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createPolicyReloader, type PolicyReloader } from '../../src/config/policy-reloader.js';
import { ConfigError } from '../../src/errors.js';
import { createLogger } from '../../src/log.js';
import { eventually, LogLines } from '../http/support.js';
import { createTempFiles, removeTempFiles } from './temp-files.js';

describe('policy file reloader', () => {
  let dir = '';
  let reloader: PolicyReloader | undefined;
  const logs = new LogLines();
  const logger = createLogger({ level: 'debug', destination: logs });
  beforeEach(async () => {
    dir = await createTempFiles({ 'config.yaml': 'resolveImages: Attempt\n' });
  });
  afterEach(async () => {
    reloader?.close();
    await removeTempFiles(dir);
  });

  it('applies a changed file, as after helm upgrade re-rendered the ConfigMap', async () => {
    reloader = await createPolicyReloader({ file: join(dir, 'config.yaml'), pollIntervalMs: 50, logger });
    expect(reloader.current().resolveImages).to.equal('Attempt');
    await writeFile(join(dir, 'config.yaml'), 'resolveImages: Required\nalwaysPullImages: true\n');
    await eventually('the new policy to apply', () => reloader?.current().resolveImages === 'Required');
    expect(reloader.current().alwaysPullImages).to.equal(true);
  });

  it('follows a ConfigMap-style swap of the file by rename', async () => {
    reloader = await createPolicyReloader({ file: join(dir, 'config.yaml'), pollIntervalMs: 50, logger });
    await writeFile(join(dir, 'next.yaml'), 'resolveImages: AttemptRewrite\n');
    await rename(join(dir, 'next.yaml'), join(dir, 'config.yaml'));
    await eventually('the swapped file to apply', () => reloader?.current().resolveImages === 'AttemptRewrite');
  });

  it('keeps the previous policy and logs every problem when the new file is bad', async () => {
    reloader = await createPolicyReloader({ file: join(dir, 'config.yaml'), pollIntervalMs: 50, logger });
    const before = logs.withMessage('policy not reloaded; keeping the previous one').length;
    await writeFile(join(dir, 'config.yaml'), 'resolveImages: Sometimes\nextra: 1\n');
    await eventually('the bad file to be logged', () => logs.withMessage('policy not reloaded; keeping the previous one').length > before);
    expect(reloader.current().resolveImages).to.equal('Attempt');
    const logged = logs.withMessage('policy not reloaded; keeping the previous one').at(-1);
    expect(JSON.stringify(logged?.['problems'])).to.include('resolveImages').and.include('extra');
  });

  it('refuses to start from a bad file with a ConfigError naming it', async () => {
    await writeFile(join(dir, 'config.yaml'), 'resolveImages: Sometimes\n');
    const err = await createPolicyReloader({ file: join(dir, 'config.yaml'), pollIntervalMs: 50, logger }).then(() => undefined, (e: unknown) => e);
    expect(err).to.be.instanceOf(ConfigError);
    expect((err as Error).message).to.include('config.yaml');
  });
});
