import { expect } from 'chai';
import { describe, it } from 'mocha';
import { TRIGGER_ANNOTATION_MAX_LENGTH } from '../../src/triggers/annotation.js';
import { parseTriggerAnnotation } from '../../src/triggers/parse.js';
import type { ContainerSelector, StreamTagRef, TriggerProblemReason, WorkloadKind } from '../../src/triggers/types.js';
import { annotation, byName, JOB_TEMPLATE, NS, TEMPLATE, trigger } from './support.js';

interface Case {
  name: string;
  kind?: WorkloadKind;
  value: string;
  reasons?: TriggerProblemReason[];
  /** One entry per trigger: its target (undefined when the field path is not followed). */
  targets?: (ContainerSelector | undefined)[];
  sources?: (StreamTagRef | undefined)[];
  paused?: boolean[];
  /** Non-canonical forms as `field → canonical` (`field ×` when ignored). */
  nonCanonical?: string[];
  /** A text every problem message contains. */
  message?: string;
}

const WEB = { list: 'containers', name: 'web' } as const;
const APP_V1 = { namespace: NS, stream: 'app', tag: 'v1' };

const cases: Case[] = [
  // The forms upstream accepts.
  { name: 'the form oc set triggers writes names a container by name and a tag in the own namespace',
    value: annotation(trigger('app:v1', byName('web'))), targets: [WEB], sources: [APP_V1], paused: [false] },
  { name: 'null means no triggers', value: 'null', targets: [] },
  { name: 'an empty array means no triggers', value: '[]', targets: [] },
  { name: 'a position selects a container of the list the path names', value: annotation(trigger('app:v1', `${TEMPLATE}.containers[1].image`)),
    targets: [{ list: 'containers', index: 1 }] },
  { name: 'an init container is named by an initContainers path', value: annotation(trigger('app:v1', byName('setup', 'initContainers'))),
    targets: [{ list: 'initContainers', name: 'setup' }] },
  { name: 'a CronJob names containers under its Job template', kind: 'CronJob',
    value: annotation(trigger('app:v1', byName('web', 'containers', JOB_TEMPLATE))), targets: [WEB] },
  { name: 'paused true is read', value: annotation(trigger('app:v1', byName('web'), { paused: true })), paused: [true] },
  { name: 'paused null reads as false, as Go leaves the field empty', value: annotation(trigger('app:v1', byName('web'), { paused: null })), paused: [false] },
  { name: 'from.namespace names the source namespace', value: annotation(trigger('base:v1', byName('web'), { from: { namespace: 'other' } })),
    sources: [{ namespace: 'other', stream: 'base', tag: 'v1' }] },
  { name: 'a tag name after the first colon is kept whole', value: annotation(trigger('app:v1:x', byName('web'))),
    sources: [{ namespace: NS, stream: 'app', tag: 'v1:x' }] },
  // Upstream quirks, read as upstream reads them but named as non-canonical.
  { name: 'the dot before image may be left out', value: annotation(trigger('app:v1', `${TEMPLATE}.containers[?(@.name=="web")]image`)),
    targets: [WEB], nonCanonical: [`fieldPath → ${byName('web')}`] },
  { name: 'a position with a sign or leading zeros is read as Go reads it', value: annotation(trigger('app:v1', `${TEMPLATE}.containers[+01].image`)),
    targets: [{ list: 'containers', index: 1 }], nonCanonical: [`fieldPath → ${TEMPLATE}.containers[1].image`] },
  { name: 'a tag name ending in a colon means latest', value: annotation(trigger('app:', byName('web'))),
    sources: [{ namespace: NS, stream: 'app', tag: 'latest' }], nonCanonical: ['from.name → app:latest'] },
  { name: 'field names match case-insensitively, as Go decodes them',
    value: annotation({ From: { Kind: 'ImageStreamTag', NAME: 'app:v1' }, FieldPath: byName('web') }), targets: [WEB], sources: [APP_V1],
    nonCanonical: ['from → from', 'fieldPath → fieldPath', 'from.kind → kind', 'from.name → name'] },
  { name: 'an unknown field such as the console\'s "pause" is ignored, so the trigger is not paused',
    value: annotation(trigger('app:v1', byName('web'), { pause: 'true' })), paused: [false], nonCanonical: ['pause ×'] },
  // D11: the forms OpenShift's documentation and console print.
  { name: 'D11: single quotes and a single = name a container, normalised to the canonical path',
    value: annotation(trigger('app:v1', `${TEMPLATE}.containers[?(@.name='web')].image`)), targets: [WEB], nonCanonical: [`fieldPath → ${byName('web')}`] },
  { name: 'D11: double quotes with a single = are read too', value: annotation(trigger('app:v1', `${TEMPLATE}.containers[?(@.name="web")].image`)),
    targets: [WEB], nonCanonical: [`fieldPath → ${byName('web')}`] },
  { name: 'D11: single quotes with == are read too', value: annotation(trigger('app:v1', `${TEMPLATE}.containers[?(@.name=='web')].image`)),
    targets: [WEB], nonCanonical: [`fieldPath → ${byName('web')}`] },
  { name: 'D11: paused as the string "false" is read as false', value: annotation(trigger('app:v1', byName('web'), { paused: 'false' })),
    paused: [false], nonCanonical: ['paused → false'] },
  { name: 'D11: paused as the string "true" is read as true', value: annotation(trigger('app:v1', byName('web'), { paused: 'true' })),
    paused: [true], nonCanonical: ['paused → true'] },
  // Problems that discard the whole annotation.
  { name: 'text that is not JSON is refused', value: '[{"from":', reasons: ['InvalidJSON'], message: 'not valid JSON' },
  { name: 'a JSON object instead of an array is refused', value: '{}', reasons: ['InvalidJSON'], message: 'array of triggers, got object' },
  { name: 'an element that is not an object is refused', value: '["x"]', reasons: ['InvalidJSON'], message: '[0] must be an object, got string' },
  { name: 'paused of another type is refused, naming where', value: annotation(trigger('app:v1', byName('web'), { paused: 1 })),
    reasons: ['InvalidJSON'], message: 'image.openshift.io/triggers[0].paused must be true or false, got 1' },
  { name: 'a string paused other than "true" or "false" is refused', value: annotation(trigger('app:v1', byName('web'), { paused: 'no' })),
    reasons: ['InvalidJSON'] },
  { name: 'a fieldPath that is not a string is refused', value: annotation(trigger('app:v1', 7)), reasons: ['InvalidJSON'], message: 'fieldPath must be a string' },
  { name: 'from that is not an object is refused', value: annotation({ from: 'app:v1', fieldPath: byName('web') }), reasons: ['InvalidJSON'] },
  { name: 'every type fault is named at once', value: annotation(trigger('app:v1', 7, { paused: 1 }), { from: { kind: 'ImageStreamTag', name: 3 }, fieldPath: byName('db') }),
    reasons: ['InvalidJSON', 'InvalidJSON', 'InvalidJSON'] },
  { name: 'one field given twice in two spellings is refused', value: annotation({ ...trigger('app:v1', byName('web')), FieldPath: byName('db') }),
    reasons: ['InvalidJSON'], message: 'fieldPath is given more than once' },
  { name: 'two triggers with one field path: "duplicate triggers are not allowed"',
    value: annotation(trigger('app:v1', byName('web')), trigger('app:v2', byName('web'))), reasons: ['DuplicateFieldPath'], message: 'duplicate triggers are not allowed' },
  { name: 'two spellings of one field path are duplicates too',
    value: annotation(trigger('app:v1', byName('web')), trigger('app:v2', `${TEMPLATE}.containers[?(@.name='web')].image`)), reasons: ['DuplicateFieldPath'],
    nonCanonical: [`fieldPath → ${byName('web')}`] },
  { name: 'paused triggers count for duplicates, as upstream compares all of them',
    value: annotation(trigger('app:v1', byName('web')), trigger('app:v2', byName('web'), { paused: true })), reasons: ['DuplicateFieldPath'] },
  { name: 'an annotation over the size limit is refused before parsing', value: `[${' '.repeat(TRIGGER_ANNOTATION_MAX_LENGTH)}]`,
    reasons: ['AnnotationTooLarge'], message: `at most ${TRIGGER_ANNOTATION_MAX_LENGTH} are read` },
  // Problems of one trigger: it is kept, without the part that cannot be followed.
  { name: 'a path outside the pod spec is ignored (a Pod path on a Deployment)', value: annotation(trigger('app:v1', 'spec.containers[?(@.name=="web")].image')),
    reasons: ['FieldPathOutsidePodSpec'], targets: [undefined], sources: [APP_V1] },
  { name: 'a Deployment path on a CronJob is outside its pod spec', kind: 'CronJob', value: annotation(trigger('app:v1', byName('web'))),
    reasons: ['FieldPathOutsidePodSpec'], targets: [undefined] },
  { name: 'a path to the container instead of its image is not valid', value: annotation(trigger('app:v1', `${TEMPLATE}.containers[?(@.name=="test")]`)),
    reasons: ['InvalidFieldPath'], targets: [undefined], message: 'field path is not valid' },
  { name: 'a selector without its closing bracket is not valid', value: annotation(trigger('app:v1', `${TEMPLATE}.containers[?(@.name=="test").image`)),
    reasons: ['InvalidFieldPath'] },
  { name: 'a bare name selector is not valid', value: annotation(trigger('app:v1', `${TEMPLATE}.containers[@.name=test].image`)), reasons: ['InvalidFieldPath'] },
  { name: 'mismatched quotes are not valid', value: annotation(trigger('app:v1', `${TEMPLATE}.containers[?(@.name='web")].image`)), reasons: ['InvalidFieldPath'] },
  { name: 'another field of the container is not valid', value: annotation(trigger('app:v1', `${TEMPLATE}.containers[0].name`)), reasons: ['InvalidFieldPath'] },
  { name: 'a list other than containers and initContainers is not valid', value: annotation(trigger('app:v1', `${TEMPLATE}.ephemeralContainers[0].image`)),
    reasons: ['InvalidFieldPath'] },
  { name: 'a source of another kind is not followed', value: annotation(trigger('app:v1', byName('web'), { from: { kind: 'DockerImage' } })),
    reasons: ['InvalidSource'], targets: [WEB], sources: [undefined], message: 'from.kind must be ImageStreamTag' },
  { name: 'a source with an apiVersion is not followed, as upstream\'s index skips it',
    value: annotation(trigger('app:v1', byName('web'), { from: { apiVersion: 'image.openshift.io/v1' } })), reasons: ['InvalidSource'] },
  { name: 'a source name without a tag is not followed', value: annotation(trigger('app', byName('web'))), reasons: ['InvalidSource'], message: '<stream>:<tag>' },
  { name: 'a source namespace with a slash is not followed', value: annotation(trigger('app:v1', byName('web'), { from: { namespace: 'a/b' } })), reasons: ['InvalidSource'] },
  { name: 'a null element is an empty trigger, followed by nothing', value: '[null]', reasons: ['FieldPathOutsidePodSpec', 'InvalidSource'], targets: [undefined] },
];

const noted = (field: string, canonical?: string): string => (canonical === undefined ? `${field} ×` : `${field} → ${canonical}`);

describe('parseTriggerAnnotation', () => {
  for (const c of cases) {
    it(c.name, () => {
      const parsed = parseTriggerAnnotation(c.value, { kind: c.kind ?? 'Deployment', namespace: NS });
      expect(parsed.problems.map((p) => p.reason), 'problems').to.deep.equal(c.reasons ?? []);
      if (c.message !== undefined) for (const p of parsed.problems) expect(p.message).to.contain(c.message);
      if (c.targets !== undefined) expect(parsed.triggers.map((t) => t.target), 'targets').to.deep.equal(c.targets);
      if (c.sources !== undefined) expect(parsed.triggers.map((t) => t.source), 'sources').to.deep.equal(c.sources);
      if (c.paused !== undefined) expect(parsed.triggers.map((t) => t.trigger.paused), 'paused').to.deep.equal(c.paused);
      expect(parsed.nonCanonical.map((n) => noted(n.field, n.canonical)), 'non-canonical').to.deep.equal(c.nonCanonical ?? []);
    });
  }

  it('keeps the normalised field path and tag name on each trigger', () => {
    const parsed = parseTriggerAnnotation(annotation(trigger('app:', `${TEMPLATE}.containers[?(@.name='web')].image`)), { kind: 'Deployment', namespace: NS });
    expect(parsed.triggers[0]?.trigger).to.deep.equal({ from: { kind: 'ImageStreamTag', name: 'app:latest' }, fieldPath: byName('web'), paused: false });
  });

  it('problems of one trigger name its position and its field path as written', () => {
    const fieldPath = `${TEMPLATE}.containers[0].name`;
    const [problem] = parseTriggerAnnotation(annotation(trigger('app:v1', byName('web')), trigger('app:v1', fieldPath)), { kind: 'Deployment', namespace: NS }).problems;
    expect(problem).to.include({ index: 1, fieldPath });
    expect(problem?.message).to.match(/^image\.openshift\.io\/triggers\[1\]\.fieldPath: field path is not valid: /);
  });

  it('quotes at most an excerpt of a long hostile field path', () => {
    const fieldPath = `x${'a'.repeat(10_000)}`;
    const [problem] = parseTriggerAnnotation(annotation(trigger('app:v1', fieldPath)), { kind: 'Deployment', namespace: NS }).problems;
    expect(problem?.message.length).to.be.below(300);
  });
});
