/**
 * The `serve` process against a local list/watch API server: start-up failures exit non-zero in
 * cluster mode as in static mode, and SIGTERM ends the process while the informer's watch is open.
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ALL } from '../helpers/builders.js';
import { REPO_ROOT, eventually, makeCertificates, type CertificateFiles } from '../http/support.js';
import { FakeApiServer } from '../support/fake-apiserver.js';

interface Child {
  exited: Promise<number | null>;
  logs: Record<string, unknown>[];
  stderr: () => string;
  kill(signal: NodeJS.Signals): void;
}

function serve(args: string[]): Child {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'dist', 'src', 'main.js'), 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: Record<string, unknown>[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  createInterface({ input: child.stdout }).on('line', (line) => logs.push(JSON.parse(line) as Record<string, unknown>));
  // 'close', not 'exit': the last log lines may still be in the pipe when the process has exited.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { exited, logs, stderr: () => stderr, kill: (signal) => child.kill(signal) };
}

/** How the informer's watch request starts (resourceVersion and timeout follow). */
const WATCH = 'GET /apis/image.openshift.io/v1/imagestreams?watch=true';

function occupyPort(): Promise<Server> {
  const server = createServer();
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('serve process with --kubeconfig: start-up failures and SIGTERM', () => {
  let api: FakeApiServer;
  let certificates: CertificateFiles;
  let kubeconfig = '';
  beforeEach(async () => {
    api = new FakeApiServer();
    for (const stream of ALL) api.put(stream);
    await api.start();
    certificates = makeCertificates();
    kubeconfig = join(mkdtempSync(join(tmpdir(), 'isw-kubeconfig-')), 'kubeconfig');
    writeFileSync(kubeconfig, api.kubeconfig());
  });
  afterEach(() => api.stop());

  const flags = (listen: string): string[] => [
    '--listen', listen, '--metrics-listen', '127.0.0.1:0',
    '--tls-cert', certificates.certFile, '--tls-key', certificates.keyFile, '--kubeconfig', kubeconfig,
  ];

  it('exits 1 naming the address when the HTTPS port is in use, though the informer has started', async () => {
    const busy = await occupyPort();
    try {
      const { port } = busy.address() as { port: number };
      const child = serve(flags(`127.0.0.1:${port}`));
      expect(await child.exited).to.equal(1);
      expect(child.stderr()).to.include('EADDRINUSE').and.include(`127.0.0.1:${port}`);
    } finally {
      busy.close();
    }
  });

  it('exits 1 when the metrics port is in use', async () => {
    const busy = await occupyPort();
    try {
      const { port } = busy.address() as { port: number };
      const child = serve([...flags('127.0.0.1:0'), '--metrics-listen', `127.0.0.1:${port}`]);
      expect(await child.exited).to.equal(1);
      expect(child.stderr()).to.include('EADDRINUSE');
    } finally {
      busy.close();
    }
  });

  // Before the fix the open watch held the stopped process for about 28 s, past mocha's 20 s timeout
  // and Kubernetes' 30 s grace period; the 25 s drain limit bounds it now.
  it('ends on SIGTERM with its ImageStream watch open, exiting 0', async () => {
    const child = serve(flags('127.0.0.1:0'));
    await eventually('the informer to hold a watch open', () => api.count(WATCH) > 0 && child.logs.some((l) => l['msg'] === 'serving'), 15_000);
    child.kill('SIGTERM');
    expect(await child.exited).to.equal(0);
    expect(child.logs.map((l) => l['msg'])).to.include.members(['shutting down', 'stopped']);
  });
});
