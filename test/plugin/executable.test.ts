/**
 * The built `kubectl-imagestream` as a process, found the way users find it: through kubectl's own
 * plugin lookup (`kubectl imagestream …` with dist/bin on the PATH) when a kubectl binary is on the
 * PATH (or named by $KUBECTL), else by the PATH lookup of the executable's name, which is the part
 * of kubectl's lookup that does not need kubectl. Either way the file must be executable and named
 * exactly `kubectl-imagestream`.
 */
import { expect } from 'chai';
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { REPO_ROOT } from '../http/support.js';
import { runProcess, type ProcessRun } from '../support/process-run.js';

const BIN = join(REPO_ROOT, 'dist', 'bin');
const PLUGIN = join(REPO_ROOT, 'dist', 'src', 'kubectl-imagestream.js');

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** A kubectl binary: $KUBECTL, else the first `kubectl` on the PATH. */
function findKubectl(): string | undefined {
  const named = process.env.KUBECTL;
  if (named !== undefined && named !== '') return named;
  return (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'kubectl')).find(isExecutable);
}

const KUBECTL = findKubectl();
const HOW = KUBECTL === undefined ? 'by PATH lookup of kubectl-imagestream (no kubectl binary found)' : `through kubectl's plugin lookup (${KUBECTL})`;

function run(args: string[]): Promise<ProcessRun> {
  const [command, argv] = KUBECTL === undefined ? ['kubectl-imagestream', args] : [KUBECTL, ['imagestream', ...args]];
  return runProcess(command, argv, { ...process.env, PATH: `${BIN}${delimiter}${process.env.PATH ?? ''}` });
}

describe(`kubectl-imagestream as a process, ${HOW}`, () => {
  it('is built executable, with a node shebang, and linked under its plugin name', () => {
    expect(statSync(PLUGIN).mode & 0o111).to.not.equal(0);
    expect(readFileSync(PLUGIN, 'utf8').split('\n')[0]).to.equal('#!/usr/bin/env node');
    expect(isExecutable(join(BIN, 'kubectl-imagestream'))).to.equal(true);
  });

  it('prints its help with exit code 0', async () => {
    const result = await run(['--help']);
    expect(result).to.include({ code: 0, stderr: '' });
    expect(result.stdout).to.match(/^Manage image streams/);
  });

  for (const command of ['tag', 'import-image', 'set image-lookup', 'set triggers', 'describe', 'get']) {
    it(`prints the help of ${command} with examples, with exit code 0`, async () => {
      const result = await run([...command.split(' '), '--help']);
      expect(result).to.include({ code: 0, stderr: '' });
      expect(result.stdout).to.include(`Examples:\n  # `).and.include(`Usage:\n  kubectl imagestream ${command} `);
    });
  }

  it('answers an unknown flag with kubectl\'s error and hint on stderr, exit code 1', async () => {
    expect(await run(['tag', 'app:v1', 'app:prod', '--x'])).to.deep.equal({
      code: 1, stdout: '', stderr: "error: unknown flag: --x\nSee 'kubectl imagestream tag --help' for usage.\n",
    });
  });

  it('answers a --kubeconfig that does not exist with an error naming it, exit code 1, nothing on stdout', async () => {
    const result = await run(['-n', 'team', 'tag', 'app:v1', 'app:prod', '--kubeconfig', '/nonexistent/kubeconfig']);
    expect(result).to.include({ code: 1, stdout: '' });
    expect(result.stderr).to.match(/^error: --kubeconfig \/nonexistent\/kubeconfig: .*no such file/);
  });
});
