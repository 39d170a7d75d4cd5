/** The one plain-HTTP metrics listener of both processes, on 127.0.0.1 port 0. */
import { expect } from 'chai';
import { request } from 'node:http';
import { Counter } from 'prom-client';
import { createMetricsRegistry, startMetricsServer, type MetricsServer } from '../../src/http/metrics-server.js';

function get(port: number, path: string, method = 'GET'): Promise<{ status: number; body: string; type: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), type: String(res.headers['content-type']) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('metrics server', () => {
  const registry = createMetricsRegistry({ processMetrics: false });
  new Counter({ name: 'test_things_total', help: 'Things.', registers: [registry] }).inc(3);
  let ready = false;
  let withProbes: MetricsServer;
  let metricsOnly: MetricsServer;
  before(async () => {
    withProbes = await startMetricsServer({ host: '127.0.0.1', port: 0, registry, probes: { isReady: () => ready, notReady: 'informer not synced' } });
    metricsOnly = await startMetricsServer({ host: '127.0.0.1', port: 0, registry });
  });
  after(async () => {
    await withProbes.close();
    await metricsOnly.close();
  });

  it('serves the registry in the Prometheus text format on GET /metrics', async () => {
    const reply = await get(metricsOnly.address.port, '/metrics');
    expect(reply).to.include({ status: 200, type: registry.contentType });
    expect(reply.body).to.include('test_things_total 3');
  });

  it('includes Node process metrics unless asked not to', async () => {
    const withProcess = createMetricsRegistry();
    expect(await withProcess.metrics()).to.include('process_resident_memory_bytes');
    expect(await registry.metrics()).to.not.include('process_resident_memory_bytes');
  });

  it('answers the probes it was given: /healthz always, /readyz once ready', async () => {
    const port = withProbes.address.port;
    expect((await get(port, '/healthz')).status).to.equal(200);
    expect(await get(port, '/readyz')).to.include({ status: 503, body: 'informer not synced\n' });
    ready = true;
    expect((await get(port, '/readyz')).status).to.equal(200);
  });

  it('serves no probes when given none, and says what it serves on an unknown path', async () => {
    const reply = await get(metricsOnly.address.port, '/healthz');
    expect(reply).to.include({ status: 404, body: 'not found: /metrics is served here\n' });
    expect((await get(withProbes.address.port, '/nope')).body).to.equal('not found: /healthz, /readyz and /metrics are served here\n');
  });

  it('answers other methods with 405', async () => {
    expect((await get(metricsOnly.address.port, '/metrics', 'POST')).status).to.equal(405);
  });

  it('fails to start on a port in use, naming the error', async () => {
    let failure: unknown;
    await startMetricsServer({ host: '127.0.0.1', port: metricsOnly.address.port, registry }).catch((err: unknown) => (failure = err));
    expect(String(failure)).to.include('EADDRINUSE');
  });
});
