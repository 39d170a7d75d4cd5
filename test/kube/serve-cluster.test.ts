import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseServeFlags } from '../../src/cli/serve-flags.js';
import { startServe, type RunningWebhook } from '../../src/cli/serve.js';
import { createLogger } from '../../src/log.js';
import { ALL, Da } from '../helpers/builders.js';
import { admissionReview, call, eventually, LogLines, makeCertificates } from '../http/support.js';
import { FakeApiServer } from '../support/fake-apiserver.js';

function scrape(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path: '/metrics' }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      res.on('end', () => resolve(text));
    }).on('error', reject);
  });
}

describe('serve against a cluster (--kubeconfig to a local API server)', () => {
  let api: FakeApiServer;
  let webhook: RunningWebhook | undefined;
  afterEach(async () => {
    await webhook?.shutdown();
    await api.stop();
  });

  it('is not ready until the first ImageStream list, then resolves from cluster streams and exports informer metrics', async () => {
    api = new FakeApiServer();
    for (const stream of ALL) api.put(stream);
    await api.start();
    let releaseList = (): void => undefined;
    api.holdLists = new Promise((resolve) => (releaseList = resolve));
    const dir = mkdtempSync(join(tmpdir(), 'isw-kubeconfig-'));
    writeFileSync(join(dir, 'kubeconfig'), api.kubeconfig());
    const certificates = makeCertificates();
    const options = parseServeFlags([
      '--listen', '127.0.0.1:0', '--metrics-listen', '127.0.0.1:0', '--tls-cert', certificates.certFile,
      '--tls-key', certificates.keyFile, '--kubeconfig', join(dir, 'kubeconfig'),
    ]);
    if (options === 'help') throw new Error('unexpected help');
    const logs = new LogLines();
    webhook = await startServe(options, {}, { ...createLogger({ level: 'debug', destination: logs }), flush: () => undefined });
    const port = webhook.server.address.port;

    expect((await call({ port, ca: certificates.ca, path: '/readyz' })).status).to.equal(503);
    releaseList();
    await eventually('ready', async () => (await call({ port, ca: certificates.ca, path: '/readyz' })).status === 200);

    const review = admissionReview({
      uid: 'aa00aa00-0000-4000-8000-000000000001', kind: { group: '', version: 'v1', kind: 'Pod' },
      resource: { group: '', version: 'v1', resource: 'pods' }, namespace: 'myproject', name: 'web', operation: 'CREATE',
      userInfo: { username: 'developer' },
      object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [{ name: 'app', image: 'ruby:2.5', imagePullPolicy: 'IfNotPresent' }] } },
    });
    const reply = await call({ port, ca: certificates.ca, path: '/mutate', body: review });
    const patch = JSON.parse(Buffer.from((JSON.parse(reply.body) as { response: { patch: string } }).response.patch, 'base64').toString('utf8')) as unknown;
    expect(patch).to.deep.equal([{ op: 'replace', path: '/spec/containers/0/image', value: `docker.io/library/ruby@${Da}` }]);

    const metrics = await scrape(webhook.metricsPort);
    expect(metrics).to.include('imagestream_webhook_informer_state{state="Synced"} 1');
    expect(metrics).to.include(`imagestream_webhook_imagestream_cache_size ${ALL.length}`);
    expect(metrics).to.include('imagestream_webhook_reviews_total{phase="mutate",handler="PodTemplate",outcome="Mutated"} 1');
    expect(metrics).to.include('process_resident_memory_bytes');
    expect(logs.withMessage('review')[0]).to.include({ uid: 'aa00aa00-0000-4000-8000-000000000001', namespace: 'myproject', outcome: 'Mutated', imagesChanged: 1 });
    expect(JSON.stringify(logs.lines), 'logs never carry object bodies').to.not.include('imagePullPolicy');
  });
});
