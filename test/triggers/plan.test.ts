import { expect } from 'chai';
import jsonpatch from 'fast-json-patch';
import { describe, it } from 'mocha';
import type { ImageStream, PatchOperation } from '../../src/core/types.js';
import { planTriggerUpdate, type ImageTriggeredChange } from '../../src/triggers/plan.js';
import { streamTagLookupFrom, type StreamTagLookup } from '../../src/triggers/stream-tags.js';
import type { TriggerProblemReason, WorkloadKind } from '../../src/triggers/types.js';
import { projectWorkload } from '../../src/triggers/view.js';
import { c, Da, Db, Dc, Dd, REG } from '../helpers/builders.js';
import { annotation, byName, JOB_TEMPLATE, NS, STREAMS, TEMPLATE, trigger, workload } from './support.js';

const APP_V1 = `quay.io/acme/app@${Da}`;
const APP_V2 = `quay.io/acme/app@${Db}`;
const APP_LOCAL = `quay.io/acme/app@${Dc}`;
const APP_PUSHED = `${REG}/${NS}/app@${Dd}`;
const NOREPO_V1 = `quay.io/acme/norepo@${Dd}`;
const BASE_V1 = `quay.io/acme/base@${Dd}`;
const OLD = 'ruby:3';

interface Case {
  name: string;
  kind?: WorkloadKind;
  triggers: unknown[];
  containers?: Record<string, unknown>[];
  initContainers?: Record<string, unknown>[];
  /** Namespaces the workload's service accounts may read streams in (besides its own). */
  granted?: string[];
  streams?: ImageStream[];
  changes?: Omit<ImageTriggeredChange, 'list'>[] | ImageTriggeredChange[];
  reasons?: TriggerProblemReason[];
  patch?: PatchOperation[];
}

const change = (container: string, source: string, oldImage: string | undefined, newImage: string, list = 'containers'): ImageTriggeredChange =>
  ({ list, container, source, oldImage, newImage }) as ImageTriggeredChange;

const brokenStream: ImageStream = {
  metadata: { name: 'broken', namespace: NS },
  spec: { tags: [{ name: 'v1' }] },
  status: { tags: [{ tag: 'v1', items: [{ dockerImageReference: 'Not A Reference', image: Da }] }] },
};

const cases: Case[] = [
  { name: 'a container on another image is set to the tag\'s image, with a patch that tests what it replaces',
    triggers: [trigger('app:v1', byName('web'))], containers: [c('web', OLD)], changes: [change('web', 'app:v1', OLD, APP_V1)],
    patch: [
      { op: 'test', path: '/spec/template/spec/containers/0/name', value: 'web' },
      { op: 'test', path: '/spec/template/spec/containers/0/image', value: OLD },
      { op: 'replace', path: '/spec/template/spec/containers/0/image', value: APP_V1 },
    ] },
  { name: 'a container already on the tag\'s image gets no patch at all', triggers: [trigger('app:v1', byName('web'))], containers: [c('web', APP_V1)] },
  { name: 'a paused trigger does nothing, and its faults are not reported',
    triggers: [trigger('app:v1', byName('web'), { paused: true }), trigger('app', byName('nope'), { paused: true })], containers: [c('web', OLD)] },
  { name: 'a tag without an image yet does nothing', triggers: [trigger('app:pending', byName('web'))], containers: [c('web', OLD)] },
  { name: 'a missing stream is reported', triggers: [trigger('nothere:v1', byName('web'))], containers: [c('web', OLD)], reasons: ['StreamNotFound'] },
  { name: 'a tag the stream does not have is reported', triggers: [trigger('app:v9', byName('web'))], containers: [c('web', OLD)], reasons: ['TagNotFound'] },
  { name: 'referencePolicy Local of a pushed image gives the stream\'s own repository at the digest', triggers: [trigger('app:pushed', byName('web'))],
    containers: [c('web', OLD)], changes: [change('web', 'app:pushed', OLD, APP_PUSHED)] },
  { name: 'D20: referencePolicy Local of an imported image gives its source, since the integrated registry does not hold it',
    triggers: [trigger('app:local', byName('web'))], containers: [c('web', OLD)], changes: [change('web', 'app:local', OLD, APP_LOCAL)] },
  { name: 'referencePolicy Local without a stream repository falls back to the source', triggers: [trigger('norepo:v1', byName('web'))],
    containers: [c('web', OLD)], changes: [change('web', 'norepo:v1', OLD, NOREPO_V1)] },
  { name: 'D19: a source in another namespace is followed when the namespace may read streams there',
    triggers: [trigger('base:v1', byName('web'), { from: { namespace: 'other' } })], containers: [c('web', OLD)], granted: ['other'],
    changes: [change('web', 'other/base:v1', OLD, BASE_V1)] },
  { name: 'D19: a source in another namespace is refused without the grant',
    triggers: [trigger('base:v1', byName('web'), { from: { namespace: 'other' } })], containers: [c('web', OLD)], reasons: ['CrossNamespaceRefused'] },
  { name: 'naming the own namespace is not a cross-namespace source',
    triggers: [trigger('app:v1', byName('web'), { from: { namespace: NS } })], containers: [c('web', OLD)], changes: [change('web', 'app:v1', OLD, APP_V1)] },
  { name: 'D19: an init container is set through its initContainers path',
    triggers: [trigger('app:v1', byName('setup', 'initContainers'))], initContainers: [c('setup', OLD)], containers: [c('web', OLD)],
    changes: [change('setup', 'app:v1', OLD, APP_V1, 'initContainers')],
    patch: [
      { op: 'test', path: '/spec/template/spec/initContainers/0/name', value: 'setup' },
      { op: 'test', path: '/spec/template/spec/initContainers/0/image', value: OLD },
      { op: 'replace', path: '/spec/template/spec/initContainers/0/image', value: APP_V1 },
    ] },
  { name: 'a name under containers finds an init container, as upstream looks names up in both lists',
    triggers: [trigger('app:v1', byName('setup'))], initContainers: [c('setup', OLD)], containers: [c('web', OLD)],
    changes: [change('setup', 'app:v1', OLD, APP_V1, 'initContainers')] },
  { name: 'a CronJob\'s container is set under its Job template', kind: 'CronJob',
    triggers: [trigger('app:v1', byName('web', 'containers', JOB_TEMPLATE))], containers: [c('web', OLD)], changes: [change('web', 'app:v1', OLD, APP_V1)],
    patch: [
      { op: 'test', path: '/spec/jobTemplate/spec/template/spec/containers/0/name', value: 'web' },
      { op: 'test', path: '/spec/jobTemplate/spec/template/spec/containers/0/image', value: OLD },
      { op: 'replace', path: '/spec/jobTemplate/spec/template/spec/containers/0/image', value: APP_V1 },
    ] },
  { name: 'a StatefulSet\'s container is set', kind: 'StatefulSet', triggers: [trigger('app:v1', byName('web'))], containers: [c('web', OLD)],
    changes: [change('web', 'app:v1', OLD, APP_V1)] },
  { name: 'a DaemonSet\'s container is set', kind: 'DaemonSet', triggers: [trigger('app:v1', byName('web'))], containers: [c('web', OLD)],
    changes: [change('web', 'app:v1', OLD, APP_V1)] },
  { name: 'a position selects the container of that list', triggers: [trigger('app:v1', `${TEMPLATE}.containers[1].image`)],
    containers: [c('a', OLD), c('b', OLD)], changes: [change('b', 'app:v1', OLD, APP_V1)] },
  { name: 'only the trigger whose tag has an image fires',
    triggers: [trigger('app:v1', byName('web')), trigger('app:pending', byName('db'))], containers: [c('db', ''), c('web', '')],
    changes: [change('web', 'app:v1', '', APP_V1)] },
  { name: 'two containers that follow one tag both change',
    triggers: [trigger('app:v1', byName('web')), trigger('app:v1', byName('db'))], containers: [c('db', OLD), c('web', OLD)],
    changes: [change('web', 'app:v1', OLD, APP_V1), change('db', 'app:v1', OLD, APP_V1)] },
  { name: 'a container already on its image stays while another changes',
    triggers: [trigger('app:v1', byName('web')), trigger('app:v2', byName('db'))], containers: [c('db', APP_V2), c('web', OLD)],
    changes: [change('web', 'app:v1', OLD, APP_V1)] },
  { name: 'a trigger naming no container is reported and the others still fire',
    triggers: [trigger('app:v1', byName('gone')), trigger('app:v2', byName('web'))], containers: [c('web', OLD)],
    reasons: ['NoSuchContainer'], changes: [change('web', 'app:v2', OLD, APP_V2)] },
  { name: 'a position past the end of the list names no container', triggers: [trigger('app:v1', `${TEMPLATE}.initContainers[0].image`)],
    containers: [c('web', OLD)], reasons: ['NoSuchContainer'] },
  { name: 'an annotation that is not JSON changes nothing and is reported', triggers: ['{'], containers: [c('web', OLD)], reasons: ['InvalidJSON'] },
  { name: 'duplicate field paths change nothing and are reported',
    triggers: [trigger('app:v1', byName('web')), trigger('app:v2', byName('web'))], containers: [c('web', OLD)], reasons: ['DuplicateFieldPath'] },
  { name: 'one container set by name and by position is refused for both triggers',
    triggers: [trigger('app:v1', byName('web')), trigger('app:v2', `${TEMPLATE}.containers[0].image`)], containers: [c('web', OLD)], reasons: ['DuplicateContainer'] },
  { name: 'a container without an image field gets one added (nothing to test there)',
    triggers: [trigger('app:v1', byName('web'))], containers: [{ name: 'web' }], changes: [change('web', 'app:v1', undefined, APP_V1)],
    patch: [
      { op: 'test', path: '/spec/template/spec/containers/0/name', value: 'web' },
      { op: 'add', path: '/spec/template/spec/containers/0/image', value: APP_V1 },
    ] },
  { name: 'D11: the documentation\'s selector and a string paused fire like the canonical form',
    triggers: [trigger('app:v1', `${TEMPLATE}.containers[?(@.name='web')].image`, { paused: 'false' })], containers: [c('web', OLD)],
    changes: [change('web', 'app:v1', OLD, APP_V1)] },
  { name: 'a field path outside the pod spec is reported', triggers: [trigger('app:v1', 'spec.containers[0].image')], containers: [c('web', OLD)],
    reasons: ['FieldPathOutsidePodSpec'] },
  { name: 'a source of another kind is reported', triggers: [trigger('app:v1', byName('web'), { from: { kind: 'DockerImage' } })],
    containers: [c('web', OLD)], reasons: ['InvalidSource'] },
  { name: 'a tag whose current reference does not parse is reported', triggers: [trigger('broken:v1', byName('web'))], containers: [c('web', OLD)],
    streams: [...STREAMS, brokenStream], reasons: ['TagNotResolvable'] },
];

/** A lookup over `streams` that records which namespaces were read. */
function recording(streams: readonly ImageStream[]): { lookup: StreamTagLookup; namespaces: string[] } {
  const inner = streamTagLookupFrom(streams);
  const namespaces: string[] = [];
  return { namespaces, lookup: (ns, stream, tag) => (namespaces.push(ns), inner(ns, stream, tag)) };
}

function objectFor(t: Case): Record<string, unknown> {
  const value = t.triggers.length === 1 && typeof t.triggers[0] === 'string' ? t.triggers[0] : annotation(...t.triggers);
  return workload(t.kind ?? 'Deployment', { annotation: value, containers: t.containers ?? [], ...(t.initContainers ? { initContainers: t.initContainers } : {}) });
}

describe('planTriggerUpdate', () => {
  for (const t of cases) {
    it(t.name, () => {
      const obj = objectFor(t);
      const view = projectWorkload(t.kind ?? 'Deployment', obj);
      if (view === undefined) throw new Error('the workload has a trigger annotation');
      const streams = recording(t.streams ?? STREAMS);
      const granted = new Set(t.granted ?? []);
      const plan = planTriggerUpdate(view, streams.lookup, (ns) => granted.has(ns));
      expect(plan.problems.map((p) => p.reason), 'problems').to.deep.equal(t.reasons ?? []);
      expect(plan.changes, 'changes').to.deep.equal(t.changes ?? []);
      if (t.patch !== undefined) expect(plan.patch, 'patch').to.deep.equal(t.patch);
      expect(plan.patch.length === 0, 'a patch exactly when something changes').to.equal(plan.changes.length === 0);
      expect(streams.namespaces.filter((ns) => ns !== NS && !granted.has(ns)), 'streams read in refused namespaces').to.deep.equal([]);
      // The patch applies to the object it was planned for, and planning again finds nothing to do.
      const patched = jsonpatch.applyPatch(structuredClone(obj), structuredClone(plan.patch) as jsonpatch.Operation[], true, false).newDocument;
      const again = planTriggerUpdate(projectWorkload(t.kind ?? 'Deployment', patched) ?? view, streams.lookup, (ns) => granted.has(ns));
      expect(again.patch, 'second plan').to.deep.equal([]);
    });
  }

  it('a patch planned before a concurrent edit of the image fails its test instead of overwriting the edit', () => {
    const obj = workload('Deployment', { annotation: annotation(trigger('app:v1', byName('web'))), containers: [c('web', OLD)] });
    const view = projectWorkload('Deployment', obj);
    if (view === undefined) throw new Error('the workload has a trigger annotation');
    const plan = planTriggerUpdate(view, streamTagLookupFrom(STREAMS), () => false);
    const edited = workload('Deployment', { annotation: annotation(trigger('app:v1', byName('web'))), containers: [c('web', 'ruby:4')] });
    expect(() => jsonpatch.applyPatch(edited, plan.patch as jsonpatch.Operation[], true, false)).to.throw(jsonpatch.JsonPatchError, /Test operation failed/);
  });

  it('a refusal names the source namespace and the workload\'s namespace', () => {
    const obj = workload('Deployment', { annotation: annotation(trigger('base:v1', byName('web'), { from: { namespace: 'other' } })), containers: [c('web', OLD)] });
    const view = projectWorkload('Deployment', obj);
    if (view === undefined) throw new Error('the workload has a trigger annotation');
    const [problem] = planTriggerUpdate(view, streamTagLookupFrom(STREAMS), () => false).problems;
    expect(problem?.message).to.equal(
      'image.openshift.io/triggers[0]: image stream tag other/base:v1 is not followed: the service accounts of namespace myproject may not get imagestreams in namespace other',
    );
  });
});
