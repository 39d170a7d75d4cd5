import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { parseAllDocuments } from 'yaml';
import { createTempFiles, removeTempFiles } from '../config/temp-files.js';

const MAIN = fileURLToPath(new URL('../../src/main.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const EXAMPLES = join(ROOT, 'examples');

/** Digests of examples/imagestreams (ruby 2.5 and latest, php 8.2). */
const RUBY_25 = 'sha256:09853c911f72d97b212d565d34cc8aef2cfc5f7af262f988bbc78a3fc905f1bf';
const RUBY_LATEST = 'sha256:a3e574b0b1db77d2011445dbe31f43c268b66499c0ee98ca09c95a082b044263';
const PHP_82 = 'sha256:4b898bf6e0c709cce062d1ce80f4570697390de4ddb843b96fcd0bda85069b09';
const USAGE = 'usage: imagestream-webhook resolve -f FILE|- --imagestreams FILE|DIR [--config FILE] [-n NAMESPACE]';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built command as a real process, the way a user or a pipeline does. */
function runResolve(args: string[], stdin = ''): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, 'resolve', ...args], { cwd: ROOT, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

function documentsOf(stdout: string): unknown[] {
  return parseAllDocuments(stdout).map((doc) => {
    expect(doc.errors).to.deep.equal([]);
    return doc.toJS() as unknown;
  });
}

const pod = (name: string, image: string, namespace?: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, ...(namespace === undefined ? {} : { namespace }) },
  spec: { containers: [{ name: 'app', image }] },
});
const withPull = (name: string, image: string, policy: string, namespace?: string) => {
  const p = pod(name, image, namespace);
  return { ...p, spec: { containers: [{ name: 'app', image, imagePullPolicy: policy }] } };
};
const SERVICE = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'myproject' }, spec: { ports: [{ port: 80 }] } };
const yamlDocs = (...objects: unknown[]) => objects.map((o) => JSON.stringify(o)).join('\n---\n');

describe('imagestream-webhook resolve', function () {
  let tmp = '';
  const streams = join(EXAMPLES, 'imagestreams');
  const at = (name: string) => join(tmp, name);
  before(async () => {
    tmp = await createTempFiles({
      'mixed.yaml': yamlDocs(pod('a', 'ruby'), SERVICE, pod('b', 'php:8.2', 'myproject')),
      'list.yaml': JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [pod('a', 'ruby:2.5'), pod('b', 'ruby:latest')] }),
      'nons.yaml': yamlDocs(pod('web', 'ruby:2.5')),
      'pod.json': JSON.stringify(pod('web', 'ruby:2.5', 'myproject')),
      'required.yaml': 'resolveImages: Required\ninternalRegistryHostname: image-registry.example.com:5000\n',
      'rejected.yaml': yamlDocs(pod('ok', 'ruby:2.5', 'myproject'), pod('web', 'python:3', 'myproject')),
      'broken.yaml': `${yamlDocs(pod('ok', 'ruby:2.5'))}\n---\nkind: Pod\nmetadata: {name: [x\n`,
      'notype.yaml': yamlDocs(pod('ok', 'ruby:2.5'), { metadata: { name: 'x' } }),
      'empty.yaml': '# nothing\n',
      'badconfig.yaml': 'resolveImages: Sometimes\nalwaysPull: true\n',
      'badstreams/ruby.yaml': 'apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata: {name: ruby}\n---\nkind: ImageStream\napiVersion: v1\nmetadata: {}\n',
    });
  });
  after(() => removeTempFiles(tmp));

  const resolves: { name: string; args: () => string[]; stdin?: string; want: unknown[] }[] = [
    {
      name: 'resolves a local name to the digest, keeps other objects and their order, and fills imagePullPolicy',
      args: () => ['-f', at('mixed.yaml'), '--imagestreams', streams, '-n', 'myproject'],
      want: [
        withPull('a', `docker.io/library/ruby@${RUBY_LATEST}`, 'Always'),
        SERVICE,
        withPull('b', `docker.io/library/php@${PHP_82}`, 'IfNotPresent', 'myproject'),
      ],
    },
    {
      name: 'prints the items of a kind: List as separate documents',
      args: () => ['-f', at('list.yaml'), '--imagestreams', streams, '-n', 'myproject'],
      want: [
        withPull('a', `docker.io/library/ruby@${RUBY_25}`, 'IfNotPresent'),
        withPull('b', `docker.io/library/ruby@${RUBY_LATEST}`, 'Always'),
      ],
    },
    {
      name: 'reads JSON manifests from stdin with -f -',
      args: () => ['-f', '-', '--imagestreams', streams],
      stdin: JSON.stringify(pod('web', 'ruby:2.5', 'myproject')),
      want: [withPull('web', `docker.io/library/ruby@${RUBY_25}`, 'IfNotPresent', 'myproject')],
    },
    {
      name: 'reviews an object without namespace in "default" when -n is absent, where no stream exists',
      args: () => ['-f', at('nons.yaml'), '--imagestreams', streams],
      want: [withPull('web', 'ruby:2.5', 'IfNotPresent')],
    },
    {
      name: 'resolves under a Required config when every image resolves',
      args: () => ['-f', at('pod.json'), '--imagestreams', streams, '--config', at('required.yaml')],
      want: [withPull('web', `docker.io/library/ruby@${RUBY_25}`, 'IfNotPresent', 'myproject')],
    },
  ];
  for (const c of resolves) {
    it(c.name, async () => {
      const run = await runResolve(c.args(), c.stdin);
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stderr).to.equal('');
      expect(documentsOf(run.stdout)).to.deep.equal(c.want);
    });
  }

  it('resolves the example Deployment and warns about the stream without local lookup', async () => {
    const run = await runResolve(['-f', join(EXAMPLES, 'deployment.yaml'), '--imagestreams', streams, '--config', join(EXAMPLES, 'config.yaml')]);
    expect(run.code).to.equal(0);
    const [deployment] = documentsOf(run.stdout) as { spec: { template: { spec: { containers: unknown[] } } } }[];
    expect(deployment?.spec.template.spec.containers).to.deep.equal([
      { name: 'web', image: `docker.io/library/ruby@${RUBY_25}`, ports: [{ containerPort: 8080 }], imagePullPolicy: 'IfNotPresent' },
      { name: 'db', image: 'mysql:8.0', env: [{ name: 'MYSQL_DATABASE', value: 'shop' }], imagePullPolicy: 'IfNotPresent' },
    ]);
    expect(run.stderr).to.match(/^warning: .*mysql:8\.0.*\n$/);
  });

  it('quotes strings that YAML 1.1 readers such as kubectl would take for booleans or numbers', async () => {
    const manifest = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'yes', b: 'on', c: '12:30', d: 'plain' } };
    const run = await runResolve(['-f', '-', '--imagestreams', streams], JSON.stringify(manifest));
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.contain('a: "yes"\n  b: "on"\n  c: "12:30"\n  d: plain\n');
    expect(documentsOf(run.stdout)).to.deep.equal([manifest]);
  });

  it('is idempotent: resolving its own output changes nothing', async () => {
    const first = await runResolve(['-f', at('mixed.yaml'), '--imagestreams', streams, '-n', 'myproject']);
    const second = await runResolve(['-f', '-', '--imagestreams', streams, '-n', 'myproject'], first.stdout);
    expect(second.code).to.equal(0);
    expect(second.stdout).to.equal(first.stdout);
  });

  const failures: { name: string; args: () => string[]; code: number; stderr: () => string[] }[] = [
    {
      name: 'a rejected object under Required exits 1, prints the rejection and no manifests at all',
      args: () => ['-f', at('rejected.yaml'), '--imagestreams', streams, '--config', at('required.yaml')],
      code: 1,
      stderr: () => [`error: ${at('rejected.yaml')}: document 2: Pod "web" is invalid: spec.containers[0].image: Forbidden: this image is prohibited by policy: `],
    },
    {
      name: 'malformed YAML names the file, document and line',
      args: () => ['-f', at('broken.yaml'), '--imagestreams', streams],
      code: 1,
      stderr: () => [`error: ${at('broken.yaml')}: document 2: Flow sequence in block collection must be sufficiently indented and end with a ] at line `],
    },
    {
      name: 'an object without apiVersion and kind is named by document',
      args: () => ['-f', at('notype.yaml'), '--imagestreams', streams],
      code: 1,
      stderr: () => [`error: ${at('notype.yaml')}: document 2: apiVersion: required\nerror: ${at('notype.yaml')}: document 2: kind: required\n`],
    },
    {
      name: 'a missing manifest file',
      args: () => ['-f', at('missing.yaml'), '--imagestreams', streams],
      code: 1,
      stderr: () => [`error: ${at('missing.yaml')}: cannot read: no such file or directory\n`],
    },
    { name: 'a file without objects', args: () => ['-f', at('empty.yaml'), '--imagestreams', streams], code: 1, stderr: () => [`error: ${at('empty.yaml')}: no objects found\n`] },
    {
      name: 'an invalid config lists every problem by key path',
      args: () => ['-f', at('pod.json'), '--imagestreams', streams, '--config', at('badconfig.yaml')],
      code: 1,
      stderr: () => [`error: ${at('badconfig.yaml')}: alwaysPull: unknown key`, `error: ${at('badconfig.yaml')}: resolveImages: must be one of`],
    },
    {
      name: 'an invalid stream file names the file and document',
      args: () => ['-f', at('pod.json'), '--imagestreams', at('badstreams')],
      code: 1,
      stderr: () => [`error: ${join(at('badstreams'), 'ruby.yaml')}: document 2: metadata.name: required\n`],
    },
    { name: 'an unknown flag is a usage error', args: () => ['-f', at('pod.json'), '--imagestreams', streams, '--bogus'], code: 2, stderr: () => ["resolve: Unknown option '--bogus'\n", USAGE] },
    { name: 'a missing -f is a usage error', args: () => ['--imagestreams', streams], code: 2, stderr: () => ['resolve: missing -f FILE', USAGE] },
    { name: 'a missing --imagestreams is a usage error', args: () => ['-f', at('pod.json')], code: 2, stderr: () => ['resolve: missing --imagestreams FILE|DIR', USAGE] },
    { name: 'a positional argument is a usage error', args: () => ['-f', at('pod.json'), '--imagestreams', streams, 'extra'], code: 2, stderr: () => ['resolve: Unexpected argument', USAGE] },
  ];
  for (const c of failures) {
    it(`exits ${c.code} on ${c.name}`, async () => {
      const run = await runResolve(c.args());
      expect(run.code, run.stderr).to.equal(c.code);
      expect(run.stdout).to.equal('');
      for (const part of c.stderr()) expect(run.stderr).to.contain(part);
      expect(run.stderr).not.to.match(/^\s+at /m);
    });
  }

  it('prints usage on --help and exits 0', async () => {
    const run = await runResolve(['--help']);
    expect(run).to.deep.equal({ code: 0, stdout: `${USAGE}\n`, stderr: '' });
  });
});
