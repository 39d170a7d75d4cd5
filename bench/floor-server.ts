/**
 * The project's own HTTP layer with no review behind it, for `npm run bench`: the real `serve`
 * listener (src/http/server.ts, src/http/app.ts: timeouts, the in-flight byte budget, body limits),
 * JSON.parse of the body and an answer written like the edge's, answering bare-server.ts's fixed patch for every body. Its cost per review over the
 * bare ceiling is what the layer takes before any review work, so the rest of serve's cost is the
 * review's own.
 * Usage: node floor-server.js --tls-cert FILE --tls-key FILE --listen 127.0.0.1:PORT
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createApp, DEFAULT_MAX_IN_FLIGHT_BYTES } from '../src/http/app.js';
import { startHttpsServer } from '../src/http/server.js';
import { createMetricsRegistry } from '../src/http/metrics-server.js';
import { createHttpMetrics } from '../src/http/metrics.js';

const { values } = parseArgs({ options: { 'tls-cert': { type: 'string' }, 'tls-key': { type: 'string' }, listen: { type: 'string' } } });
const [host = '127.0.0.1', port = '0'] = (values.listen ?? '').split(':');
const patch = Buffer.from(JSON.stringify([{ op: 'replace', path: '/spec/template/spec/containers/0/image', value: `r/ns/app@sha256:${'0'.repeat(64)}` }])).toString('base64');

const app = createApp({
  edge: (body) => {
    const review = JSON.parse(body.toString('utf8')) as { apiVersion: string; request: { uid: string } };
    const payload = JSON.stringify({
      apiVersion: review.apiVersion, kind: 'AdmissionReview',
      response: { uid: review.request.uid, allowed: true, patchType: 'JSONPatch', patch },
    });
    return Promise.resolve({ status: 200, payload });
  },
  isReady: () => true,
  metrics: createHttpMetrics(createMetricsRegistry()),
  maxInFlightBytes: DEFAULT_MAX_IN_FLIGHT_BYTES,
});
const server = await startHttpsServer({
  app, host, port: Number(port),
  certificate: { cert: readFileSync(values['tls-cert'] ?? ''), key: readFileSync(values['tls-key'] ?? '') },
});
process.once('SIGTERM', () => {
  void server.close(1000).then(() => process.exit(0));
});
