/** Flag handling of the commands that talk to a cluster (their cluster side is proved by the e2e suite). */
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { localControllerConfig } from '../../src/cli/release-component.js';
import { REPO_ROOT } from '../http/support.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function main(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(REPO_ROOT, 'dist', 'src', 'main.js'), ...args], { env: { PATH: process.env['PATH'] ?? '', HOME: '/nonexistent' } }, (err, stdout, stderr) => {
      resolve({ code: typeof err?.code === 'number' ? err.code : 0, stdout, stderr });
    });
  });
}

describe('release-files and load-imagestreams commands', () => {
  const cases: { name: string; args: string[]; code: number; says: string[] }[] = [
    { name: 'release-files names every missing flag and prints its usage', args: ['release-files'], code: 2, says: ['--release NAME is required', '--out DIR is required', 'usage: imagestream-webhook release-files'] },
    { name: 'release-files refuses an --only other than config', args: ['release-files', '--release', 'r', '--out', 'd', '--only', 'tls'], code: 2, says: ['--only "tls": only "config" is supported'] },
    { name: 'release-files refuses a token shorter than the API server allows', args: ['release-files', '--release', 'r', '--out', 'd', '--token-seconds', '60'], code: 2, says: ['at least 600'] },
    { name: 'release-files without any cluster access says so', args: ['release-files', '--release', 'r', '--out', 'd'], code: 1, says: ['neither $KUBECONFIG nor ~/.kube/config exists'] },
    { name: 'release-files refuses a component it does not know', args: ['release-files', '--release', 'r', '--out', 'd', '--component', 'importer'], code: 2, says: ['--component "importer": expected webhook or controller'] },
    { name: 'release-scale names every missing flag and prints its usage', args: ['release-scale'], code: 2, says: ['--release NAME is required', '--component controller is required', '--replicas: expected a whole number', 'usage: imagestream-webhook release-scale'] },
    { name: 'release-scale refuses a negative replica count', args: ['release-scale', '--release', 'r', '--component', 'controller', '--replicas=-1'], code: 2, says: ['--replicas: expected a whole number, 0 or more'] },
    { name: 'release-scale without any cluster access says so', args: ['release-scale', '--release', 'r', '--component', 'controller', '--replicas', '0'], code: 1, says: ['neither $KUBECONFIG nor ~/.kube/config exists'] },
    { name: 'load-imagestreams requires -f', args: ['load-imagestreams'], code: 2, says: ['-f FILE|DIR is required'] },
    { name: 'load-imagestreams names a missing file before touching a cluster', args: ['load-imagestreams', '-f', '/nonexistent/streams.yaml'], code: 1, says: ['/nonexistent/streams.yaml'] },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const run = await main(c.args);
      expect(run.code, run.stderr).to.equal(c.code);
      for (const text of c.says) expect(run.stderr).to.include(text);
    });
  }

  it('load-imagestreams names the document of an invalid stream file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'isw-load-')), 'bad.yaml');
    writeFileSync(file, 'apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata: {name: 5}\n');
    const run = await main(['load-imagestreams', '-f', file]);
    expect(run.code).to.equal(1);
    expect(run.stderr).to.include('document 1').and.include('metadata.name');
  });

  it('lists the cluster commands in the top-level usage', async () => {
    const run = await main(['--help']);
    expect(run.stdout).to.include('release-files').and.include('release-scale').and.include('load-imagestreams');
  });
});

describe('localControllerConfig: the chart\'s controller configuration usable outside the cluster', () => {
  const rendered = 'historyLimit: 5\nregistries:\n  allowed: []\n  caBundleFile: /etc/imagestream-webhook/controller/ca-bundle.pem\n  useCredentials: true\n';
  it('points registries.caBundleFile at the extracted bundle and keeps everything else', () => {
    const local = parse(localControllerConfig(rendered, '/tmp/run/ca-bundle.pem', 'ConfigMap ns/c')) as Record<string, unknown>;
    expect(local).to.deep.equal({ historyLimit: 5, registries: { allowed: [], caBundleFile: '/tmp/run/ca-bundle.pem', useCredentials: true } });
  });
  it('leaves a configuration without a CA bundle as rendered', () => {
    const plain = 'historyLimit: 5\nregistries:\n  useCredentials: true\n';
    expect(localControllerConfig(plain, undefined, 'ConfigMap ns/c')).to.equal(plain);
  });
  it('says which ConfigMap names a bundle it does not hold', () => {
    expect(() => localControllerConfig(rendered, undefined, 'ConfigMap ns/c')).to.throw('ConfigMap ns/c').with.property('message').that.includes('no ca-bundle.pem');
  });
  it('refuses a configuration that is not a mapping', () => {
    expect(() => localControllerConfig('- a\n', undefined, 'ConfigMap ns/c')).to.throw('not a YAML mapping');
  });
});
