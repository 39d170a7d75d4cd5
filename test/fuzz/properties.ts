/**
 * The properties every answer of the webhook must have, checked against the real HTTPS server:
 * answered, never 5xx, a 200 is an AdmissionReview of the request's version with its uid, a patch
 * applies cleanly and a second /mutate and a /validate of the patched object change and reject
 * nothing, and every changed image is a digest reference or a stream's own repository and a tag (the
 * fallback for a tag without an image).
 */
import { expect } from 'chai';
import jsonPatch from 'fast-json-patch';
import type { Agent } from 'node:https';
import type { ImageStream } from '../../src/core/types.js';
import { call } from '../http/support.js';

export interface Target {
  port: number;
  ca: string;
  agent: Agent;
  streams: readonly ImageStream[];
}

interface AnswerBody {
  apiVersion?: string;
  kind?: string;
  code?: number;
  response?: { uid: string; allowed: boolean; patch?: string; patchType?: string; status?: { message: string } };
}

type Review = { apiVersion: string; request: { uid: string; object: unknown } & Record<string, unknown> };

async function post(target: Target, path: string, body: unknown): Promise<{ status: number; answer: AnswerBody }> {
  const text = body === undefined ? '' : JSON.stringify(body);
  const reply = await call({ port: target.port, ca: target.ca, path, body: text, agent: target.agent });
  expect(reply.status, `${path} answered`).to.be.a('number').and.to.be.lessThan(500);
  return { status: reply.status, answer: JSON.parse(reply.body) as AnswerBody };
}

function isWellFormed(review: unknown): review is Review {
  const r = review as Review | null;
  return typeof r === 'object' && r !== null && typeof r.request === 'object' && r.request !== null && typeof r.request.uid === 'string';
}

/** The tag-missing fallback for some stream: its `status.dockerImageRepository` and a tag. */
function isStreamRepository(image: string, streams: readonly ImageStream[]): boolean {
  return streams.some((s) => {
    const repository = s.status?.dockerImageRepository;
    return !!repository && image.startsWith(`${repository}:`) && !image.slice(repository.length + 1).includes('/');
  });
}

function patchOf(answer: AnswerBody): jsonPatch.Operation[] {
  const patch = answer.response?.patch;
  return patch === undefined ? [] : (JSON.parse(Buffer.from(patch, 'base64').toString('utf8')) as jsonPatch.Operation[]);
}

/** How a fuzzed review was answered, so a run can show it reached every kind of answer. */
export type Verdict = 'BadRequest' | 'Rejected' | 'Unchanged' | 'Mutated';

/** Checks one review against every property; throws (an assertion) on the first that fails. */
export async function checkReview(target: Target, review: unknown, phase: 'mutate' | 'validate' = 'mutate'): Promise<Verdict> {
  const { status, answer } = await post(target, `/${phase}`, review);
  if (status !== 200) {
    expect(answer, 'an error answer is a Status').to.include({ kind: 'Status', code: status });
    expect(status).to.equal(400);
    return 'BadRequest';
  }
  if (!isWellFormed(review)) throw new Error('a review without request.uid got 200');
  expect(answer).to.include({ apiVersion: review.apiVersion, kind: 'AdmissionReview' });
  expect(answer.response?.uid).to.equal(review.request.uid);
  if (phase === 'validate') expect(answer.response?.patch, '/validate never patches').to.equal(undefined);
  if (answer.response?.allowed !== true) return 'Rejected';
  if (phase === 'validate') return 'Unchanged';
  const patch = patchOf(answer);
  expect(answer.response.patchType).to.equal(patch.length > 0 ? 'JSONPatch' : undefined);
  for (const op of patch) {
    if (!op.path.endsWith('/image') || op.op !== 'replace') continue;
    const image = String(op.value);
    expect(image.includes('@sha256:') || isStreamRepository(image, target.streams), `changed image ${image} is a digest or a tag-missing fallback`).to.equal(true);
  }
  const object = jsonPatch.applyPatch(structuredClone(review.request.object), structuredClone(patch), true, false).newDocument;
  const again = { ...review, request: { ...review.request, object } };
  const second = await post(target, '/mutate', again);
  expect(second.status).to.equal(200);
  expect(second.answer.response, 'a second /mutate of the patched object changes and rejects nothing').to.deep.equal({ uid: review.request.uid, allowed: true, ...warningsOf(second.answer) });
  const validated = await post(target, '/validate', again);
  expect(validated.answer.response, '/validate accepts the patched object').to.deep.equal({ uid: review.request.uid, allowed: true, ...warningsOf(validated.answer) });
  return patch.length > 0 ? 'Mutated' : 'Unchanged';
}

function warningsOf(answer: AnswerBody): { warnings?: unknown } {
  const warnings = (answer.response as { warnings?: unknown } | undefined)?.warnings;
  return warnings === undefined ? {} : { warnings };
}
