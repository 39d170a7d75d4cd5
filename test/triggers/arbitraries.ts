/**
 * fast-check generators of trigger annotations: mostly near the forms users and tools write (so the
 * properties reach deep into the reader), with wrong types, odd spellings and arbitrary text mixed in.
 */
import fc from 'fast-check';
import type { WorkloadKind } from '../../src/triggers/types.js';
import { JOB_TEMPLATE, TEMPLATE } from './support.js';

const names = fc.oneof({ weight: 4, arbitrary: fc.constantFrom('web', 'db', 'setup') }, { weight: 1, arbitrary: fc.constantFrom('', 'a"b', "o'k", 'ünï', '<&>') });

const selector = fc.oneof(
  fc.integer({ min: -2, max: 3 }).map(String),
  fc.constantFrom('+1', '01', '-0', '99999999999999999999'),
  names.map((n) => `?(@.name=="${n}")`),
  names.map((n) => `?(@.name='${n}')`),
  names.map((n) => `?(@.name="${n}")`),
  names.map((n) => `?(@.name=='${n}')`),
  fc.constantFrom('@.name=web', '?(@.name=="web"', 'web")', ''),
  fc.string({ maxLength: 12 }),
);

/** Field paths: mostly right, with wrong prefixes, lists, selectors and endings, or any string. */
export const fieldPathArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 12, arbitrary: fc.tuple(
    fc.oneof({ weight: 8, arbitrary: fc.constantFrom(`${TEMPLATE}.`, `${JOB_TEMPLATE}.`) }, { weight: 1, arbitrary: fc.constantFrom('spec.', '', TEMPLATE) }),
    fc.oneof({ weight: 4, arbitrary: fc.constantFrom('containers[', 'initContainers[') }, { weight: 1, arbitrary: fc.constantFrom('volumes[', 'containers') }),
    selector,
    fc.oneof({ weight: 4, arbitrary: fc.constant('].image') }, { weight: 1, arbitrary: fc.constantFrom(']image', ']', '].name', '].image.x', ']..image') }),
  ).map((parts) => parts.join('')) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
);

const text = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('app:v1', 'app:v2', 'base:v1') },
  { weight: 2, arbitrary: fc.constantFrom('app', 'app:', 'a/b:c', ':v1', 'app:v1:x') },
  { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
);
const scalar = fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.string({ maxLength: 6 }));
/** Usually absent; sometimes a value of the given arbitrary (JSON.stringify drops undefined fields). */
const rarely = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight: 30, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });

const from = fc.oneof(
  { weight: 10, arbitrary: fc.record({
    kind: fc.oneof({ weight: 6, arbitrary: fc.constant('ImageStreamTag') }, { weight: 1, arbitrary: fc.constantFrom('DockerImage', '') }),
    name: text,
    namespace: fc.oneof({ weight: 8, arbitrary: fc.constantFrom(undefined, 'myproject', 'other') }, { weight: 1, arbitrary: fc.constantFrom('', 'a/b') }),
    apiVersion: rarely(fc.constantFrom('', 'image.openshift.io/v1')),
    Name: rarely(text),
    Kind: rarely(fc.constant('ImageStreamTag')),
  }) },
  { weight: 1, arbitrary: rarely(scalar) },
);

/** One element of the array: a trigger-like object (keys misspelt or mistyped now and then), null, or a scalar. */
export const triggerArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 30, arbitrary: fc.record({
    from,
    fieldPath: fc.oneof({ weight: 30, arbitrary: fieldPathArb }, { weight: 1, arbitrary: scalar }),
    paused: fc.oneof({ weight: 8, arbitrary: rarely(fc.constant(false)) }, { weight: 2, arbitrary: fc.constant(true) }, { weight: 2, arbitrary: fc.constantFrom('true', 'false') }, { weight: 1, arbitrary: rarely(fc.constantFrom(null, 'yes', 1)) }),
    FieldPath: rarely(fieldPathArb),
    pause: rarely(fc.constantFrom('false', true)),
  }) },
  { weight: 1, arbitrary: scalar },
);

/** Annotation values: JSON arrays of trigger-like elements, any JSON, or any text. */
export const annotationArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.array(triggerArb, { maxLength: 4 }).map((items) => JSON.stringify(items)) },
  { weight: 1, arbitrary: fc.json() },
  { weight: 1, arbitrary: fc.string() },
);

export const kindArb: fc.Arbitrary<WorkloadKind> = fc.constantFrom('Deployment', 'DaemonSet', 'StatefulSet', 'CronJob');
