/**
 * The bare ceiling for `npm run bench`: a plain node:https server that reads a review body,
 * JSON.parses it and answers a fixed patch for its uid. What any webhook in Node pays for TLS,
 * HTTP and JSON; `serve`'s cost per review is reported as a ratio to this one's in the same run.
 * Usage: node bare-server.js --tls-cert FILE --tls-key FILE --listen 127.0.0.1:PORT
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { 'tls-cert': { type: 'string' }, 'tls-key': { type: 'string' }, listen: { type: 'string' } } });
const [host = '127.0.0.1', port = '0'] = (values.listen ?? '').split(':');
const patch = Buffer.from(JSON.stringify([{ op: 'replace', path: '/spec/template/spec/containers/0/image', value: `r/ns/app@sha256:${'0'.repeat(64)}` }])).toString('base64');

const server = createServer({ cert: readFileSync(values['tls-cert'] ?? ''), key: readFileSync(values['tls-key'] ?? ''), minVersion: 'TLSv1.2' }, (req, res) => {
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const review = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { apiVersion: string; request: { uid: string } };
    const body = JSON.stringify({
      apiVersion: review.apiVersion, kind: 'AdmissionReview',
      response: { uid: review.request.uid, allowed: true, patchType: 'JSONPatch', patch },
    });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
  });
});
server.listen(Number(port), host);
process.once('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
