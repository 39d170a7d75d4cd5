/** (stream before, registry answers) → status after: the import core's table, one sentence per case. */
import { expect } from 'chai';
import { describe, it } from 'mocha';
import type { ImageStream, ImageStreamStatus } from '../../src/core/types.js';
import { RegistryError } from '../../src/registry/types.js';
import {
  Da, Db, Dc, dockerTag, EARLIER, event, FakeRegistry, importRound, NOW_TEXT, stream, type Answer, type RoundOptions,
} from './support.js';

const RUBY = '127.0.0.1:5000/library/ruby';
const notFound = new RegistryError('NotFound', `dockerimage.image.openshift.io "${RUBY}:2.5" not found`, `${RUBY}:2.5`);
const unreachable = new RegistryError('InternalError', `Internal error occurred: Get "https://127.0.0.1:5000/v2/": connection refused`, `${RUBY}:2.5`);
const FORBIDDEN_BASE = 'imagestreams.image.openshift.io "base" is forbidden: the service accounts of namespace "myproject" may not get imagestreams in the namespace "shared"';
const failed = (reason: string, message: string, generation: number, time = NOW_TEXT) => ({ type: 'ImportSuccess', status: 'False', lastTransitionTime: time, reason, message, generation });

interface Case {
  name: string;
  before: ImageStream;
  answers?: Record<string, Answer>;
  options?: RoundOptions;
  /** The status written, or undefined for "writes nothing". */
  want: ImageStreamStatus | undefined;
  /** References the registry was asked for, in order. */
  asked?: string[];
}

const cases: Case[] = [
  {
    name: 'a new DockerImage tag records the registry digest as its first event',
    before: stream([dockerTag('2.5', `${RUBY}:2.5`)]),
    answers: { [`${RUBY}:2.5`]: Da },
    want: { tags: [{ tag: '2.5', items: [event(`${RUBY}@${Da}`, Da, 1, NOW_TEXT)] }] },
    asked: [`${RUBY}:2.5`],
  },
  {
    name: 'an unchanged stream asks the registry nothing and writes nothing',
    before: stream([dockerTag('2.5', `${RUBY}:2.5`)], [{ tag: '2.5', items: [event(`${RUBY}@${Da}`, Da, 1)] }]),
    answers: { [`${RUBY}:2.5`]: Db },
    want: undefined,
    asked: [],
  },
  {
    name: 'a due scheduled tag whose digest is unchanged writes nothing',
    before: stream([dockerTag('2.5', `${RUBY}:2.5`, { importPolicy: { scheduled: true } })], [{ tag: '2.5', items: [event(`${RUBY}@${Da}`, Da, 1)] }]),
    answers: { [`${RUBY}:2.5`]: Da },
    options: { demand: { due: new Set(['2.5']) } },
    want: undefined,
    asked: [`${RUBY}:2.5`],
  },
  {
    name: 'a due scheduled tag that moved gets the new event first and keeps the old one',
    before: stream([dockerTag('2.5', `${RUBY}:2.5`, { importPolicy: { scheduled: true } })], [{ tag: '2.5', items: [event(`${RUBY}@${Da}`, Da, 1)] }]),
    answers: { [`${RUBY}:2.5`]: Db },
    options: { demand: { due: new Set(['2.5']) } },
    want: { tags: [{ tag: '2.5', items: [event(`${RUBY}@${Db}`, Db, 1, NOW_TEXT), event(`${RUBY}@${Da}`, Da, 1)] }] },
  },
  {
    name: 'a due tag that is not scheduled is not imported',
    before: stream([dockerTag('2.5', `${RUBY}:2.5`)], [{ tag: '2.5', items: [event(`${RUBY}@${Da}`, Da, 1)] }]),
    answers: { [`${RUBY}:2.5`]: Db },
    options: { demand: { due: new Set(['2.5']) } },
    want: undefined,
    asked: [],
  },
  {
    name: 'the history is capped at the configured number of events, dropping the oldest',
    before: stream([dockerTag('2.5', `${RUBY}:2.5`, { importPolicy: { scheduled: true } })], [{ tag: '2.5', items: [event(`${RUBY}@${Db}`, Db, 1), event(`${RUBY}@${Da}`, Da, 1)] }]),
    answers: { [`${RUBY}:2.5`]: Dc },
    options: { demand: { due: new Set(['2.5']) }, settings: { historyLimit: 2 } },
    want: { tags: [{ tag: '2.5', items: [event(`${RUBY}@${Dc}`, Dc, 1, NOW_TEXT), event(`${RUBY}@${Db}`, Db, 1)] }] },
  },
  {
    name: 'a reference tag gets its event at once with an empty image and no registry request',
    before: stream([dockerTag('ref', `${RUBY}:2.5`, { reference: true })]),
    want: { tags: [{ tag: 'ref', items: [event(`${RUBY}:2.5`, '', 1, NOW_TEXT)] }] },
    asked: [],
  },
  {
    name: 'generation 0 asks for a re-import; the same digest only moves the newest event generation',
    before: stream([dockerTag('2.5', `${RUBY}:2.5`, { generation: 0 })], [{ tag: '2.5', items: [event(`${RUBY}@${Da}`, Da, 1)] }], { generation: 2 }),
    answers: { [`${RUBY}:2.5`]: Da },
    want: { tags: [{ tag: '2.5', items: [event(`${RUBY}@${Da}`, Da, 2)] }] },
    asked: [`${RUBY}:2.5`],
  },
  {
    name: 'a changed from without a stamping webhook is imported because metadata.generation moved past the observed one',
    before: stream([dockerTag('2.5', `${RUBY}:2.6`)], [{ tag: '2.5', items: [event(`${RUBY}@${Da}`, Da, 1)] }], { generation: 2 }),
    answers: { [`${RUBY}:2.6`]: Db },
    want: { tags: [{ tag: '2.5', items: [event(`${RUBY}@${Db}`, Db, 2, NOW_TEXT), event(`${RUBY}@${Da}`, Da, 1)] }] },
  },
  {
    name: 'a stamped tag older than metadata.generation was not changed and is not imported',
    before: stream([dockerTag('2.5', `${RUBY}:2.5`, { generation: 1 })], [{ tag: '2.5', items: [event(`${RUBY}@${Da}`, Da, 1)] }], { generation: 4 }),
    answers: { [`${RUBY}:2.5`]: Db },
    want: undefined,
    asked: [],
  },
  {
    name: 'a failed import sets ImportSuccess=False with the registry message and keeps the last good event',
    before: stream([dockerTag('2.5', `${RUBY}:2.5`, { importPolicy: { scheduled: true } })], [{ tag: '2.5', items: [event(`${RUBY}@${Da}`, Da, 1)] }]),
    answers: { [`${RUBY}:2.5`]: unreachable },
    options: { demand: { due: new Set(['2.5']) } },
    want: { tags: [{ tag: '2.5', items: [event(`${RUBY}@${Da}`, Da, 1)], conditions: [failed('InternalError', unreachable.message, 1)] }] },
  },
  {
    name: 'a new tag whose image does not exist gets a NotFound condition in OpenShift wording',
    before: stream([dockerTag('2.5', `${RUBY}:2.5`)]),
    answers: { [`${RUBY}:2.5`]: notFound },
    want: { tags: [{ tag: '2.5', items: [], conditions: [failed('NotFound', `dockerimage.image.openshift.io "${RUBY}:2.5" not found`, 1)] }] },
  },
  {
    name: 'the same failure again writes nothing',
    before: stream([dockerTag('2.5', `${RUBY}:2.5`, { importPolicy: { scheduled: true } })], [{ tag: '2.5', items: [event(`${RUBY}@${Da}`, Da, 1)], conditions: [failed('InternalError', unreachable.message, 1, EARLIER)] }]),
    answers: { [`${RUBY}:2.5`]: unreachable },
    options: { demand: { due: new Set(['2.5']) } },
    want: undefined,
  },
  {
    name: 'a success after a failure clears the condition even when the digest is unchanged',
    before: stream([dockerTag('2.5', `${RUBY}:2.5`, { importPolicy: { scheduled: true } })], [{ tag: '2.5', items: [event(`${RUBY}@${Da}`, Da, 1)], conditions: [failed('InternalError', unreachable.message, 1, EARLIER)] }]),
    answers: { [`${RUBY}:2.5`]: Da },
    options: { demand: { due: new Set(['2.5']) } },
    want: { tags: [{ tag: '2.5', items: [event(`${RUBY}@${Da}`, Da, 1)] }] },
  },
  {
    name: 'a blocked registry is refused in the condition without a request',
    before: stream([dockerTag('2.5', `${RUBY}:2.5`)]),
    answers: { [`${RUBY}:2.5`]: Da },
    options: { settings: { blockedRegistries: ['127.0.0.1'] } },
    want: { tags: [{ tag: '2.5', items: [], conditions: [failed('Blocked', `importing "${RUBY}:2.5" is refused: registry 127.0.0.1:5000 matches the blocked registry "127.0.0.1"`, 1)] }] },
    asked: [],
  },
  {
    name: 'a registry outside the allow list is refused too',
    before: stream([dockerTag('2.5', 'quay.io/acme/ruby:2.5')]),
    options: { settings: { allowedRegistries: ['*.example.com', '127.0.0.1:5000'] } },
    want: { tags: [{ tag: '2.5', items: [], conditions: [failed('Blocked', 'importing "quay.io/acme/ruby:2.5" is refused: registry quay.io is not in the allowed registries', 1)] }] },
    asked: [],
  },
  {
    name: 'an invalid source kind is reported in the condition and never imported',
    before: stream([{ name: 'bad', from: { kind: 'Image', name: 'x' } }]),
    want: { tags: [{ tag: 'bad', items: [], conditions: [failed('Invalid', 'spec.tags[0].from.kind: Unsupported value: "Image": supported values: "DockerImage", "ImageStreamTag", "ImageStreamImage"', 1)] }] },
    asked: [],
  },
  {
    name: 'a same-stream alias tracks its source and gets the source new event in the same write',
    before: stream(
      [dockerTag('2.5', `${RUBY}:2.5`, { importPolicy: { scheduled: true } }), { name: 'stable', from: { kind: 'ImageStreamTag', name: '2.5' } }],
      [{ tag: '2.5', items: [event(`${RUBY}@${Da}`, Da, 1)] }, { tag: 'stable', items: [event(`${RUBY}@${Da}`, Da, 1)] }],
    ),
    answers: { [`${RUBY}:2.5`]: Db },
    options: { demand: { due: new Set(['2.5']) } },
    want: { tags: [{ tag: '2.5', items: [event(`${RUBY}@${Db}`, Db, 1, NOW_TEXT), event(`${RUBY}@${Da}`, Da, 1)] }, { tag: 'stable', items: [event(`${RUBY}@${Db}`, Db, 1, NOW_TEXT), event(`${RUBY}@${Da}`, Da, 1)] }] },
  },
  {
    name: 'an alias of an alias follows the chain in one write',
    before: stream([dockerTag('2.5', `${RUBY}:2.5`), { name: 'b', from: { kind: 'ImageStreamTag', name: 'a' } }, { name: 'a', from: { kind: 'ImageStreamTag', name: 'ruby:2.5' } }]),
    answers: { [`${RUBY}:2.5`]: Da },
    want: { tags: [{ tag: '2.5', items: [event(`${RUBY}@${Da}`, Da, 1, NOW_TEXT)] }, { tag: 'b', items: [event(`${RUBY}@${Da}`, Da, 1, NOW_TEXT)] }, { tag: 'a', items: [event(`${RUBY}@${Da}`, Da, 1, NOW_TEXT)] }] },
  },
  {
    name: 'an ImageStreamTag of another stream copies that tag current event',
    before: stream([{ name: 'copy', from: { kind: 'ImageStreamTag', name: 'base:1' } }]),
    options: { others: [stream([], [{ tag: '1', items: [event(`${RUBY}@${Dc}`, Dc, 3)] }], { name: 'base' })] },
    want: { tags: [{ tag: 'copy', items: [event(`${RUBY}@${Dc}`, Dc, 1)] }] },
  },
  {
    name: 'an ImageStreamTag whose source has no image gets a NotFound condition',
    before: stream([{ name: 'copy', from: { kind: 'ImageStreamTag', name: 'base:1' } }]),
    want: { tags: [{ tag: 'copy', items: [], conditions: [failed('NotFound', 'imagestreamtag.image.openshift.io "base:1" not found', 1)] }] },
  },
  {
    name: 'an ImageStreamImage copies the event naming that digest',
    before: stream([{ name: 'pinned', from: { kind: 'ImageStreamImage', name: `base@${Dc}` } }]),
    options: { others: [stream([], [{ tag: '1', items: [event(`${RUBY}@${Dd()}`, Dd(), 3), event(`${RUBY}@${Dc}`, Dc, 2)] }], { name: 'base' })] },
    want: { tags: [{ tag: 'pinned', items: [event(`${RUBY}@${Dc}`, Dc, 1, NOW_TEXT)] }] },
  },
  {
    name: 'an imported ImageStreamImage is permanent: a later round changes nothing',
    before: stream([{ name: 'pinned', from: { kind: 'ImageStreamImage', name: `base@${Dc}` } }], [{ tag: 'pinned', items: [event(`${RUBY}@${Dc}`, Dc, 1)] }]),
    options: { others: [stream([], [], { name: 'base' })], demand: { due: new Set(['pinned']) } },
    want: undefined,
  },
  {
    name: 'an ImageStreamTag of another namespace is copied when that namespace lets this one read its streams',
    before: stream([{ name: 'copy', from: { kind: 'ImageStreamTag', name: 'base:1', namespace: 'shared' } }]),
    options: { others: [otherNamespace(stream([], [{ tag: '1', items: [event(`${RUBY}@${Dc}`, Dc, 3)] }], { name: 'base' }))], grants: { myproject: ['shared'] } },
    want: { tags: [{ tag: 'copy', items: [event(`${RUBY}@${Dc}`, Dc, 1)] }] },
  },
  {
    name: 'an ImageStreamTag of another namespace without a grant gets a Forbidden condition, not the digest',
    before: stream([{ name: 'copy', from: { kind: 'ImageStreamTag', name: 'base:1', namespace: 'shared' } }]),
    options: { others: [otherNamespace(stream([], [{ tag: '1', items: [event(`${RUBY}@${Dc}`, Dc, 3)] }], { name: 'base' }))] },
    want: { tags: [{ tag: 'copy', items: [], conditions: [failed('Forbidden', FORBIDDEN_BASE, 1)] }] },
  },
  {
    name: 'a refused source namespace reads the same whether or not the stream exists there',
    before: stream([{ name: 'copy', from: { kind: 'ImageStreamTag', name: 'base:1', namespace: 'shared' } }]),
    want: { tags: [{ tag: 'copy', items: [], conditions: [failed('Forbidden', FORBIDDEN_BASE, 1)] }] },
  },
  {
    name: 'an ImageStreamImage of another namespace without a grant gets a Forbidden condition',
    before: stream([{ name: 'pinned', from: { kind: 'ImageStreamImage', name: `base@${Dc}`, namespace: 'shared' } }]),
    options: { others: [otherNamespace(stream([], [{ tag: '1', items: [event(`${RUBY}@${Dc}`, Dc, 2)] }], { name: 'base' }))], grants: { shared: ['myproject'] } },
    want: { tags: [{ tag: 'pinned', items: [], conditions: [failed('Forbidden', FORBIDDEN_BASE, 1)] }] },
  },
  {
    name: 'status.dockerImageRepository is set from internalRegistryHostname when configured',
    before: stream([], [], { statusRepository: 'old/x' }),
    options: { settings: { internalRegistryHostname: 'registry.example.com:5000' } },
    want: { dockerImageRepository: 'registry.example.com:5000/myproject/ruby', tags: [] },
  },
  {
    name: 'status.dockerImageRepository is left as is when no hostname is configured',
    before: stream([], [{ tag: 'gone', items: [event(`${RUBY}@${Da}`, Da, 1)] }], { statusRepository: 'old/x' }),
    want: undefined,
  },
  {
    name: 'a tag removed from spec keeps its status when pruning is off',
    before: stream([], [{ tag: 'gone', items: [event(`${RUBY}@${Da}`, Da, 1)] }]),
    want: undefined,
  },
  {
    name: 'a tag removed from spec loses its status when pruning is on',
    before: stream([], [{ tag: 'gone', items: [event(`${RUBY}@${Da}`, Da, 1)] }]),
    options: { settings: { pruneRemovedTags: true } },
    want: { tags: [] },
  },
  {
    name: 'spec.dockerImageRepository imports the newest-looking tags up to the limit, spec tags excluded',
    before: stream([dockerTag('latest', `${RUBY}:2.5`)], [], { repository: RUBY }),
    answers: { [`${RUBY}:2.5`]: Da, [`${RUBY}:3.1`]: Db, [`${RUBY}:2.10`]: Dc },
    options: { settings: { repositoryTagLimit: 3 } },
    want: { tags: [{ tag: 'latest', items: [event(`${RUBY}@${Da}`, Da, 1, NOW_TEXT)] }, { tag: '3.1', items: [event(`${RUBY}@${Db}`, Db, 1, NOW_TEXT)] }, { tag: '2.10', items: [event(`${RUBY}@${Dc}`, Dc, 1, NOW_TEXT)] }] },
    asked: [`${RUBY}:2.5`, `${RUBY}:3.1`, `${RUBY}:2.10`],
  },
  {
    name: "the removed-tags marker of tag -d drops the fenced event, older ones and the status tag left empty; a status tag without a marker stays",
    before: stream([dockerTag('2.5', `${RUBY}:2.5`)], [
      { tag: '2.5', items: [event(`${RUBY}@${Da}`, Da, 1)] },
      { tag: 'old', items: [event(`${RUBY}@${Db}`, Db, 1, EARLIER), event(`${RUBY}@${Dc}`, Dc, 1, '2026-11-28T07:00:00Z')] },
      { tag: 'pushed', items: [event(`${RUBY}@${Dc}`, Dc, 1)] },
    ], { generation: 1, annotations: { 'imagestream-webhook.io/removed-tags': JSON.stringify({ old: { generation: 1, created: EARLIER, image: Db } }) } }),
    want: { tags: [{ tag: '2.5', items: [event(`${RUBY}@${Da}`, Da, 1)] }, { tag: 'pushed', items: [event(`${RUBY}@${Dc}`, Dc, 1)] }] },
    asked: [],
  },
  {
    name: 'the removed-tags marker keeps events newer than its fence (the tag pushed again) and drops the fenced generation\'s conditions',
    before: stream([], [
      { tag: 'again', items: [event(`${RUBY}@${Dc}`, Dc, 5, NOW_TEXT), event(`${RUBY}@${Db}`, Db, 1, EARLIER)], conditions: [failed('NotFound', 'gone', 2, EARLIER)] },
    ], { generation: 5, annotations: { 'imagestream-webhook.io/removed-tags': JSON.stringify({ again: { generation: 3, created: EARLIER, image: Db } }) } }),
    want: { tags: [{ tag: 'again', items: [event(`${RUBY}@${Dc}`, Dc, 5, NOW_TEXT)], conditions: [] }] },
    asked: [],
  },
  {
    name: 'a removed-tags marker that is not the documented JSON drops nothing',
    before: stream([], [{ tag: 'old', items: [event(`${RUBY}@${Db}`, Db, 1)] }], { annotations: { 'imagestream-webhook.io/removed-tags': 'old' } }),
    want: undefined,
    asked: [],
  },
];

function otherNamespace(other: ImageStream): ImageStream {
  return { ...other, metadata: { ...other.metadata, namespace: 'shared' } };
}

function Dd(): string {
  return `sha256:${'d'.repeat(64)}`;
}

const REPOSITORY_TAGS = { [RUBY]: ['2.1', 'latest', '2.10', 'edge', '3.1'] };

describe('import core: (stream before, registry answers) → status after', () => {
  for (const testCase of cases) {
    it(testCase.name, async () => {
      const registry = new FakeRegistry(testCase.answers ?? {}, REPOSITORY_TAGS);
      const after = await importRound(testCase.before, registry, testCase.options);
      expect(after).to.deep.equal(testCase.want);
      if (testCase.asked !== undefined) expect(registry.requests.map((request) => request.reference)).to.deep.equal(testCase.asked);
    });
  }
});
