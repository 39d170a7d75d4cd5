import { expect } from 'chai';
import { X509Certificate } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAdmissionEdge } from '../../src/admission/edge.js';
import { createAdmissionMetrics } from '../../src/admission/metrics.js';
import { createPodTemplateHandler } from '../../src/admission/pod-template-handler.js';
import { createStaticLookups } from '../../src/core/static-lookups.js';
import { createApp, DEFAULT_MAX_IN_FLIGHT_BYTES } from '../../src/http/app.js';
import { startHttpsServer, type RunningServer } from '../../src/http/server.js';
import { createTlsReloader, type TlsReloader } from '../../src/http/tls-reloader.js';
import { createLogger } from '../../src/log.js';
import { createMetricsRegistry } from '../../src/http/metrics-server.js';
import { createHttpMetrics } from '../../src/http/metrics.js';
import { ALL, C0 } from '../helpers/builders.js';
import { admissionReview, call, eventually, LogLines, makeCertificates, podRequest, type CertificateFiles } from './support.js';

const fingerprintOf = (files: CertificateFiles): string => new X509Certificate(readFileSync(files.certFile)).fingerprint256;

const REVIEW = admissionReview(podRequest('ruby:2.5', 'e0e0e0e0-0000-4000-8000-00000000000a'));

/** A Secret volume as the kubelet lays it out: `tls.crt -> ..data/tls.crt`, `..data -> ..<timestamp>`. */
class SecretVolume {
  readonly dir = mkdtempSync(join(tmpdir(), 'isw-secret-'));
  private generation = 0;

  constructor(files: CertificateFiles) {
    this.writeVersion(files.certFile, files.keyFile);
    symlinkSync(`..v${this.generation}`, join(this.dir, '..data'));
    for (const name of ['tls.crt', 'tls.key']) symlinkSync(join('..data', name), join(this.dir, name));
  }

  get certFile(): string {
    return join(this.dir, 'tls.crt');
  }
  get keyFile(): string {
    return join(this.dir, 'tls.key');
  }

  /** The kubelet's atomic update: new timestamped directory, then rename a fresh symlink over `..data`. */
  update(certFile: string, keyFile: string): void {
    this.writeVersion(certFile, keyFile);
    symlinkSync(`..v${this.generation}`, join(this.dir, '..data_tmp'));
    renameSync(join(this.dir, '..data_tmp'), join(this.dir, '..data'));
  }

  private writeVersion(certFile: string, keyFile: string): void {
    this.generation += 1;
    const version = join(this.dir, `..v${this.generation}`);
    mkdirSync(version);
    copyFileSync(certFile, join(version, 'tls.crt'));
    copyFileSync(keyFile, join(version, 'tls.key'));
  }
}

describe('serving certificate rotation', () => {
  const first = makeCertificates();
  const second = makeCertificates();
  const ca = [first.ca, second.ca];
  let logs: LogLines;
  let server: RunningServer;
  let reloader: TlsReloader;
  const registry = createMetricsRegistry({ processMetrics: false });
  const metrics = createHttpMetrics(registry);
  const admissionMetrics = createAdmissionMetrics(registry);

  async function start(certFile: string, keyFile: string, pollIntervalMs: number): Promise<void> {
    logs = new LogLines();
    const logger = createLogger({ level: 'debug', destination: logs });
    const edge = createAdmissionEdge({ handlers: [createPodTemplateHandler({ config: C0, lookups: createStaticLookups(ALL) })], logger, metrics: admissionMetrics });
    let running: RunningServer | undefined;
    reloader = await createTlsReloader({ certFile, keyFile, pollIntervalMs, logger, metrics, onReload: (c) => running?.setCertificate(c) });
    running = await startHttpsServer({ app: createApp({ edge, metrics, isReady: () => true, maxInFlightBytes: DEFAULT_MAX_IN_FLIGHT_BYTES }), certificate: reloader.current(), host: '127.0.0.1', port: 0 });
    server = running;
  }
  afterEach(async () => {
    reloader.close();
    await server.close(1000);
  });

  /** Sends reviews from `workers` loops (half on fresh connections, half keep-alive) until stopped. */
  function load(workers: number) {
    const agent = new Agent({ keepAlive: true, maxSockets: workers });
    const results = { ok: 0, failed: [] as string[], fingerprints: new Set<string>() };
    let running = true;
    const loops = Array.from({ length: workers }, async (_, i) => {
      while (running) {
        try {
          const reply = await call({ port: server.address.port, ca, path: '/mutate', body: REVIEW, ...(i % 2 === 0 ? {} : { agent }) });
          if (reply.status === 200) results.ok += 1;
          else results.failed.push(`HTTP ${reply.status}`);
          results.fingerprints.add(reply.fingerprint);
        } catch (err) {
          results.failed.push(String(err));
        }
      }
    });
    return {
      results,
      stop: async () => {
        running = false;
        await Promise.all(loops);
        agent.destroy();
        return results;
      },
    };
  }

  const presented = async (): Promise<string> => (await call({ port: server.address.port, ca, path: '/healthz' })).fingerprint;

  it('swaps a Secret volume ..data symlink under load with zero failed requests, then refuses a mismatched pair', async () => {
    const volume = new SecretVolume(first);
    await start(volume.certFile, volume.keyFile, 60_000);
    const traffic = load(8);
    await eventually('traffic flows', () => traffic.results.ok > 50);
    volume.update(second.certFile, second.keyFile);
    await eventually('new connections get the new certificate', async () => (await presented()) === fingerprintOf(second));
    const okAfterRotation = traffic.results.ok;
    await eventually('traffic continues', () => traffic.results.ok > okAfterRotation + 50);

    volume.update(first.certFile, second.keyFile);
    await eventually('the mismatched pair is logged', () => logs.withMessage('serving certificate not reloaded; keeping the previous one').length > 0);
    const results = await traffic.stop();

    expect(results.failed).to.deep.equal([]);
    expect([...results.fingerprints]).to.have.members([fingerprintOf(first), fingerprintOf(second)]);
    expect(await presented(), 'the previous certificate stays after a bad one').to.equal(fingerprintOf(second));
    expect(logs.withMessage('serving certificate reloaded')).to.have.length(1);
    expect(String(logs.withMessage('serving certificate not reloaded; keeping the previous one')[0]?.error)).to.include('key values mismatch');
  });

  it('picks up files rewritten in place, certificate first and key second, once the pair matches again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'isw-plain-'));
    copyFileSync(first.certFile, join(dir, 'tls.crt'));
    copyFileSync(first.keyFile, join(dir, 'tls.key'));
    await start(join(dir, 'tls.crt'), join(dir, 'tls.key'), 60_000);
    writeFileSync(join(dir, 'tls.crt'), readFileSync(second.certFile));
    await new Promise((resolve) => setTimeout(resolve, 300));
    writeFileSync(join(dir, 'tls.key'), readFileSync(second.keyFile));
    await eventually('new connections get the new certificate', async () => (await presented()) === fingerprintOf(second));
  });

  it('notices a change by polling file metadata alone when directories are not watched', async () => {
    const volume = new SecretVolume(first);
    await start(volume.certFile, volume.keyFile, 60_000);
    reloader.close();
    reloader = await createTlsReloader({
      certFile: volume.certFile, keyFile: volume.keyFile, pollIntervalMs: 100, watchDirectories: false, metrics,
      onReload: (c) => server.setCertificate(c),
      logger: createLogger({ level: 'silent' }),
    });
    volume.update(second.certFile, second.keyFile);
    await eventually('new connections get the new certificate', async () => (await presented()) === fingerprintOf(second));
  });
});
