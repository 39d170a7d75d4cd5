/**
 * The admission edge with in-memory handlers: the one place bodies are parsed, refused with 400,
 * handed to the handler that takes them, logged, counted and answered.
 */
import { expect } from 'chai';
import { createAdmissionEdge, type AdmissionAnswer, type AdmissionHandler } from '../../src/admission/edge.js';
import { createAdmissionMetrics } from '../../src/admission/metrics.js';
import type { AdmissionAttributes, Decision } from '../../src/core/types.js';
import { createMetricsRegistry } from '../../src/http/metrics-server.js';
import { createLogger } from '../../src/log.js';
import { LogLines } from '../http/support.js';

const UID = 'e0e1e2e3-0000-4000-8000-000000000001';
const allowed: Decision = { allowed: true, outcome: 'Unchanged', patch: [], warnings: [], imagesChanged: 0 };

function body(resource: string, apiVersion = 'admission.k8s.io/v1'): Buffer {
  const request = {
    uid: UID, kind: { group: '', version: 'v1', kind: 'Widget' }, resource: { group: '', version: 'v1', resource },
    namespace: 'myproject', name: 'w', operation: 'CREATE', object: { secret: 'hunter2' },
  };
  return Buffer.from(JSON.stringify({ apiVersion, kind: 'AdmissionReview', request }));
}

/** A handler taking one resource, recording what it was asked, answering `decide`. */
function handler(name: string, resource: string, decide: (attrs: AdmissionAttributes) => Decision | Promise<Decision>) {
  const asked: string[] = [];
  const it: AdmissionHandler = {
    name,
    handles: (attrs) => attrs.resource.resource === resource,
    decide: (attrs) => {
      asked.push(attrs.resource.resource);
      return decide(attrs);
    },
  };
  return { handler: it, asked };
}

function setUp(handlers: AdmissionHandler[]) {
  const logs = new LogLines();
  const registry = createMetricsRegistry({ processMetrics: false });
  const edge = createAdmissionEdge({ handlers, logger: createLogger({ level: 'debug', destination: logs }), metrics: createAdmissionMetrics(registry) });
  return { edge, logs, registry };
}

const settled = async (answer: AdmissionAnswer | Promise<AdmissionAnswer>): Promise<{ status: number; json: Record<string, unknown> }> => {
  const { status, payload } = await answer;
  return { status, json: JSON.parse(typeof payload === 'string' ? payload : Buffer.concat(payload).toString('utf8')) as Record<string, unknown> };
};

describe('admission edge', () => {
  it('hands each request to the handler that takes it, and names that handler in the log line and the metrics', async () => {
    const widgets = handler('Widgets', 'widgets', () => allowed);
    const gadgets = handler('Gadgets', 'gadgets', () => ({ ...allowed, outcome: 'Mutated', patch: [{ op: 'add', path: '/x', value: 1 }] }));
    const { edge, logs, registry } = setUp([widgets.handler, gadgets.handler]);
    const answer = await settled(edge(body('gadgets'), 'mutate'));
    expect(answer.json).to.have.nested.property('response.patchType', 'JSONPatch');
    expect({ widgets: widgets.asked, gadgets: gadgets.asked }).to.deep.equal({ widgets: [], gadgets: ['gadgets'] });
    expect(logs.withMessage('review')[0]).to.include({ uid: UID, handler: 'Gadgets', outcome: 'Mutated', phase: 'mutate' });
    expect(await registry.getSingleMetricAsString('imagestream_webhook_reviews_total')).to.include('{phase="mutate",handler="Gadgets",outcome="Mutated"} 1');
  });

  it('answers in the request version', async () => {
    const { edge } = setUp([handler('Widgets', 'widgets', () => allowed).handler]);
    expect((await settled(edge(body('widgets', 'admission.k8s.io/v1beta1'), 'mutate'))).json).to.include({ apiVersion: 'admission.k8s.io/v1beta1' });
  });

  it('allows a request no handler takes, untouched, as handler None', async () => {
    const { edge, logs } = setUp([handler('Widgets', 'widgets', () => allowed).handler]);
    const answer = await settled(edge(body('configmaps'), 'validate'));
    expect(answer).to.deep.equal({ status: 200, json: { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: UID, allowed: true } } });
    expect(logs.withMessage('review')[0]).to.include({ handler: 'None', outcome: 'Ignored', reason: 'NotHandled' });
  });

  it('answers a decision made from memory without a promise (the cache-hit path)', () => {
    const { edge } = setUp([handler('Widgets', 'widgets', () => allowed).handler]);
    expect(edge(body('widgets'), 'mutate')).to.not.be.instanceOf(Promise);
  });

  it('waits for a decision that waited for a lookup', async () => {
    const { edge } = setUp([handler('Widgets', 'widgets', () => Promise.resolve({ ...allowed, warnings: ['slow'] })).handler]);
    const pending = edge(body('widgets'), 'mutate');
    expect(pending).to.be.instanceOf(Promise);
    expect((await settled(pending)).json).to.have.deep.nested.property('response.warnings', ['slow']);
  });

  const badBodies: { name: string; body: Buffer; says: string }[] = [
    { name: 'an empty body', body: Buffer.alloc(0), says: 'request body is empty' },
    { name: 'malformed JSON', body: Buffer.from('{"kind":'), says: 'request body is not valid JSON' },
    { name: 'a Pod instead of an AdmissionReview', body: Buffer.from('{"apiVersion":"v1","kind":"Pod"}'), says: 'kind must be "AdmissionReview"' },
  ];
  for (const c of badBodies) {
    it(`answers ${c.name} with a 400 Status and asks no handler`, async () => {
      const widgets = handler('Widgets', 'widgets', () => allowed);
      const { edge, logs } = setUp([widgets.handler]);
      const answer = await settled(edge(c.body, 'mutate'));
      expect(answer.status).to.equal(400);
      expect(answer.json).to.include({ kind: 'Status', code: 400, reason: 'BadRequest' });
      expect(String(answer.json.message)).to.include(c.says);
      expect(widgets.asked).to.deep.equal([]);
      expect(logs.withMessage('bad admission request')).to.have.length(1);
    });
  }

  const failures: { name: string; decide: () => Decision | Promise<Decision> }[] = [
    { name: 'a decision that rejects', decide: () => Promise.reject(new Error('get imagestreams failed: ECONNREFUSED')) },
    {
      name: 'a decision that throws',
      decide: () => {
        throw new Error('get imagestreams failed: ECONNREFUSED');
      },
    },
  ];
  for (const c of failures) {
    it(`answers ${c.name} with a 500 Status, so the API server applies failurePolicy, and counts it as Error`, async () => {
      const { edge, logs, registry } = setUp([handler('Widgets', 'widgets', c.decide).handler]);
      const answer = await settled(edge(body('widgets'), 'mutate'));
      expect(answer.status).to.equal(500);
      expect(String(answer.json.message)).to.include('ECONNREFUSED').and.include(UID);
      expect(logs.withMessage('review failed')[0]).to.include({ uid: UID, handler: 'Widgets' });
      expect(await registry.getSingleMetricAsString('imagestream_webhook_reviews_total')).to.include('{phase="mutate",handler="Widgets",outcome="Error"} 1');
    });
  }

  it('never logs the object', async () => {
    const { edge, logs } = setUp([handler('Widgets', 'widgets', () => allowed).handler]);
    await edge(body('widgets'), 'mutate');
    expect(JSON.stringify(logs.lines)).to.not.include('hunter2');
  });
});
