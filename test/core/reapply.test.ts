/** D16 (re-applying immutable Job templates) and D17 (the opt-out label exempts resolution only). */
import { describe, it } from 'mocha';
import type { AdmissionAttributes, PolicyConfig } from '../../src/core/types.js';
import { projectImageStream } from '../../src/kube/image-stream-projection.js';
import { ALL, ANN, attrs, c, C0, CA, CR, Da, Db, De, pod, workload, type Container } from '../helpers/builders.js';
import { img, ip, runCase, type ReviewCase } from '../helpers/review-case.js';

const TEMPLATE0 = '/spec/template/spec/containers/0';
const TEMPLATE1 = '/spec/template/spec/containers/1';
const I0 = '/spec/template/spec/initContainers/0';
const P0 = '/spec/containers/0';
const ruby = (d: string): string => `docker.io/library/ruby@${d}`;
const job = (containers: Container[], o: { templateAnnotations?: Record<string, string>; initContainers?: Container[] } = {}) =>
  workload('batch/v1', 'Job', { containers, ...(o.initContainers ? { initContainers: o.initContainers } : {}) }, o);
const deployment = (containers: Container[]) => workload('apps/v1', 'Deployment', { containers });
const reapply = (next: Record<string, unknown>, stored: Record<string, unknown>): AdmissionAttributes =>
  attrs(next, { operation: 'UPDATE', oldObject: stored });

const OPT_OUT = 'imagestream-webhook/exclude';
const withLabels = (obj: Record<string, unknown>, labels: Record<string, string>): Record<string, unknown> => {
  (obj['metadata'] as Record<string, unknown>)['labels'] = labels;
  return obj;
};
const optOut = (config: PolicyConfig): PolicyConfig => ({ ...config, optOutLabel: OPT_OUT });

const d16: ReviewCase[] = [
  { name: 're-applying a Job whose short name still resolves to the stored digest keeps the stored image', attrs: reapply(job([c('app', 'ruby:2.5', 'IfNotPresent')]), job([c('app', ruby(Da), 'IfNotPresent')])), config: C0, streams: ALL, want: [img(TEMPLATE0, ruby(Da))] },
  { name: 're-applying after the tag moved keeps the stored image found in the tag history', attrs: reapply(job([c('app', 'ruby:2.5', 'IfNotPresent')]), job([c('app', ruby(De), 'IfNotPresent')])), config: C0, streams: ALL, want: [img(TEMPLATE0, ruby(De))] },
  { name: 'a stored image the tag never pointed at is left to the immutability check', attrs: reapply(job([c('app', 'ruby:2.5', 'IfNotPresent')]), job([c('app', ruby(Db), 'IfNotPresent')])), config: C0, streams: ALL, want: [] },
  { name: 'a short name of another tag is left to the immutability check', attrs: reapply(job([c('app', 'ruby:latest', 'IfNotPresent')]), job([c('app', ruby(Da), 'IfNotPresent')])), config: C0, streams: ALL, want: [] },
  { name: 'a short name without a stream is left to the immutability check', attrs: reapply(job([c('app', 'python:3', 'IfNotPresent')]), job([c('app', ruby(Da), 'IfNotPresent')])), config: C0, streams: ALL, want: [] },
  { name: 'the stored image is matched by container name, init containers included', attrs: reapply(job([c('b', 'nginx:1', 'IfNotPresent'), c('app', 'ruby:2.5', 'IfNotPresent')], { initContainers: [c('init', 'ruby:2.5', 'IfNotPresent')] }), job([c('app', ruby(De), 'IfNotPresent'), c('b', 'nginx:1', 'IfNotPresent')], { initContainers: [c('init', ruby(Da), 'IfNotPresent')] })), config: C0, streams: ALL, want: [img(I0, ruby(Da)), img(TEMPLATE1, ruby(De))] },
  { name: 'a forced (resolve-names) registry name stands for the stored digest of its tag history', attrs: reapply(job([c('app', 'quay.io/acme/ruby:2.5', 'IfNotPresent')], { templateAnnotations: ANN }), job([c('app', ruby(De), 'IfNotPresent')], { templateAnnotations: ANN })), config: C0, streams: ALL, want: [img(TEMPLATE0, ruby(De))] },
  { name: 'without resolve-names a registry name is not a short name and is left alone', attrs: reapply(job([c('app', 'quay.io/acme/ruby:2.5', 'IfNotPresent')]), job([c('app', ruby(De), 'IfNotPresent')])), config: C0, streams: ALL, want: [] },
  { name: 'under Required the re-applied Job is admitted with the stored image', attrs: reapply(job([c('app', 'ruby:2.5', 'IfNotPresent')]), job([c('app', ruby(De), 'IfNotPresent')])), config: CR, streams: ALL, want: [img(TEMPLATE0, ruby(De))] },
  { name: 'the history matches by digest, so streams as the informer keeps them (history without locations) work too', attrs: reapply(job([c('app', 'ruby:2.5', 'IfNotPresent')]), job([c('app', ruby(De), 'IfNotPresent')])), config: C0, streams: ALL.map(projectImageStream), want: [img(TEMPLATE0, ruby(De))] },
  { name: 'a Deployment UPDATE still resolves to the current digest (its template is mutable)', attrs: reapply(deployment([c('app', 'ruby:2.5', 'IfNotPresent')]), deployment([c('app', ruby(De), 'IfNotPresent')])), config: C0, streams: ALL, want: [img(TEMPLATE0, ruby(Da))] },
];

const d17: ReviewCase[] = [
  { name: 'an opted-out Pod is not resolved', attrs: attrs(withLabels(pod({ containers: [c('app', 'ruby:2.5', 'IfNotPresent')] }), { [OPT_OUT]: 'true' })), config: optOut(C0), streams: ALL, want: [] },
  { name: 'an opted-out Pod still gets imagePullPolicy Always from AlwaysPullImages', attrs: attrs(withLabels(pod({ containers: [c('app', 'ruby:2.5', 'Never')] }), { [OPT_OUT]: 'true' })), config: optOut(CA), streams: ALL, want: [ip(P0, 'Always')] },
  { name: 'an opted-out Pod pulling Never is still rejected by AlwaysPullImages validation', attrs: attrs(withLabels(pod({ containers: [c('app', 'busybox', 'Never')] }), { [OPT_OUT]: 'true' })), config: optOut(CA), streams: ALL, phase: 'validate', want: { code: 403, message: 'pods "web" is forbidden: spec.containers[0].imagePullPolicy: Unsupported value: "Never": supported values: "Always"' } },
  { name: 'an opted-out Pod with an unresolvable short name is admitted under Required', attrs: attrs(withLabels(pod({ containers: [c('app', 'mysql:8.0', 'IfNotPresent')] }), { [OPT_OUT]: 'true' })), config: optOut(CR), streams: ALL, phase: 'validate', want: [] },
  { name: 'a label value other than "true" does not opt out', attrs: attrs(withLabels(pod({ containers: [c('app', 'ruby:2.5', 'IfNotPresent')] }), { [OPT_OUT]: 'yes' })), config: optOut(C0), streams: ALL, want: [img(P0, ruby(Da))] },
  { name: 'without a configured optOutLabel the label means nothing to the webhook', attrs: attrs(withLabels(pod({ containers: [c('app', 'ruby:2.5', 'IfNotPresent')] }), { [OPT_OUT]: 'true' })), config: C0, streams: ALL, want: [img(P0, ruby(Da))] },
];

describe('D16: re-applying a Job whose template is immutable', () => {
  for (const tc of d16) it(tc.name, async () => void (await runCase(tc)));
});

describe('D17: the opt-out label exempts resolution, never AlwaysPullImages', () => {
  for (const tc of d17) it(tc.name, async () => void (await runCase(tc)));
});
