/** Tables of the import core's smaller decisions: when a tag is imported, with which options, in which order. */
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'mocha';
import { changedTags, reimportRequestedTags } from '../../src/import/generations.js';
import { importModeOf, isInsecure, platformOf } from '../../src/import/options.js';
import { planImports, triggerOf, type ImportDemand } from '../../src/import/plan.js';
import { repositoryCheckPatch, repositoryCheckRequested } from '../../src/import/repository-check.js';
import { newestTags } from '../../src/import/tag-order.js';
import type { ImageStream, TagReference } from '../../src/core/types.js';
import { validateSpecTags } from '../../src/import/validate.js';
import { Da, dockerTag, event, SETTINGS, stream } from './support.js';

const REF = 'quay.io/acme/app:1';
const imported = (generation: number) => [{ tag: 't', items: [event(`quay.io/acme/app@${Da}`, Da, generation)] }];
const none: ImportDemand = { due: new Set(), forced: new Set() };

describe('triggerOf: when a tag is imported', () => {
  const cases: [string, ImageStream, ImportDemand, string | undefined][] = [
    ['a tag with nothing recorded is New', stream([dockerTag('t', REF)]), none, 'New'],
    ['a stamped generation above the observed one is Changed', stream([dockerTag('t', REF, { generation: 3 })], imported(2), { generation: 3 }), none, 'Changed'],
    ['generation 0 with a newer metadata.generation is a requested re-import, not a change', stream([dockerTag('t', REF, { generation: 0 })], imported(5), { generation: 6 }), none, 'ReimportRequested'],
    ['a generation the watch saw stamped over a 0 (source unchanged) is a requested re-import', stream([dockerTag('t', REF, { generation: 6 })], imported(5), { generation: 6 }), { ...none, requested: new Set(['t']) }, 'ReimportRequested'],
    ['a source change wins over a re-request seen in the same update', stream([dockerTag('t', REF, { generation: 6 })], imported(5), { generation: 6 }), { ...none, forced: new Set(['t']), requested: new Set(['t']) }, 'Changed'],
    ['an unstamped tag observed at metadata.generation needs nothing', stream([dockerTag('t', REF)], imported(4), { generation: 4 }), none, undefined],
    ['a stamped tag below metadata.generation (unchanged under a stamping webhook) needs nothing', stream([dockerTag('t', REF, { generation: 2 })], imported(2), { generation: 9 }), none, undefined],
    ['a failed import counts as observed: no retry loop', stream([dockerTag('t', REF, { generation: 3 })], [{ tag: 't', items: [event('x', Da, 2)], conditions: [{ type: 'ImportSuccess', status: 'False', generation: 3 }] }], { generation: 3 }), none, undefined],
    ['a due scheduled tag is Scheduled', stream([dockerTag('t', REF, { importPolicy: { scheduled: true } })], imported(1)), { due: new Set(['t']), forced: new Set() }, 'Scheduled'],
    ['a due reference tag is never scheduled', stream([dockerTag('t', REF, { reference: true, importPolicy: { scheduled: true } })], imported(1)), { due: new Set(['t']), forced: new Set() }, undefined],
    ['a tag the watch saw change is Changed even with a stale stamp', stream([dockerTag('t', REF, { generation: 1 })], imported(1), { generation: 2 }), { due: new Set(), forced: new Set(['t']) }, 'Changed'],
  ];
  for (const [name, before, demand, want] of cases) {
    it(name, () => {
      const tag = before.spec?.tags?.[0] as TagReference;
      expect(triggerOf(before, tag, demand)?.trigger).to.equal(want);
    });
  }
});

describe('changedTags: what the watch sees change', () => {
  const base = stream([dockerTag('a', REF), dockerTag('b', REF)]);
  const cases: [string, ImageStream, string[]][] = [
    ['nothing changed', stream([dockerTag('a', REF), dockerTag('b', REF)]), []],
    ['from.name changed', stream([dockerTag('a', 'quay.io/acme/app:2'), dockerTag('b', REF)]), ['a']],
    ['importPolicy changed', stream([dockerTag('a', REF), dockerTag('b', REF, { importPolicy: { importMode: 'Legacy' } })]), ['b']],
    ['referencePolicy changed', stream([dockerTag('a', REF, { referencePolicy: { type: 'Local' } }), dockerTag('b', REF)]), ['a']],
    ['a new tag appeared', stream([dockerTag('a', REF), dockerTag('b', REF), dockerTag('c', REF)]), ['c']],
    ['only the generation changed', stream([dockerTag('a', REF, { generation: 7 }), dockerTag('b', REF)]), []],
  ];
  for (const [name, after, want] of cases) it(name, () => expect(changedTags(base, after)).to.deep.equal(want));
});

describe('reimportRequestedTags: what the watch sees re-requested', () => {
  const base = stream([dockerTag('a', REF, { generation: 3 }), dockerTag('b', REF), dockerTag('c', REF, { generation: 3 })]);
  const cases: [string, ImageStream, string[]][] = [
    ['nothing changed', stream([dockerTag('a', REF, { generation: 3 }), dockerTag('b', REF), dockerTag('c', REF, { generation: 3 })]), []],
    ['a stamped generation went up with the source unchanged (generation: 0 under the stamping webhook)', stream([dockerTag('a', REF, { generation: 5 }), dockerTag('b', REF), dockerTag('c', REF, { generation: 3 })]), ['a']],
    ['a generation set to 0 without the webhook', stream([dockerTag('a', REF, { generation: 3 }), dockerTag('b', REF), dockerTag('c', REF, { generation: 0 })]), ['c']],
    ['a first stamp of an unstamped tag is no request', stream([dockerTag('a', REF, { generation: 3 }), dockerTag('b', REF, { generation: 5 }), dockerTag('c', REF, { generation: 3 })]), []],
    ['a new generation with a new source is a change, not a request', stream([dockerTag('a', 'quay.io/acme/app:2', { generation: 5 }), dockerTag('b', REF), dockerTag('c', REF, { generation: 3 })]), []],
  ];
  for (const [name, after, want] of cases) it(name, () => expect(reimportRequestedTags(base, after)).to.deep.equal(want));
});

describe('the repository check annotation: re-import requests of repository streams', () => {
  const CHECK = 'openshift.io/image.dockerRepositoryCheck';
  const POINTER = '/metadata/annotations/openshift.io~1image.dockerRepositoryCheck';
  const repo = (annotations?: Record<string, string>) => stream([], [{ tag: 'old', items: [event('quay.io/acme/app@' + Da, Da, 1)] }], { repository: 'quay.io/acme/app', ...(annotations ? { annotations } : {}) });
  const requests: [string, ImageStream, boolean][] = [
    ['a repository stream never checked asks for a listing', repo(), true],
    ['an emptied annotation asks again', repo({ [CHECK]: '' }), true],
    ['a recorded check asks for nothing', repo({ [CHECK]: '2026-01-01T00:00:00Z' }), false],
    ['a stream of spec tags is never a repository request', stream([dockerTag('t', REF)], [], { annotations: { [CHECK]: '' } }), false],
  ];
  for (const [name, input, want] of requests) {
    it(name, () => {
      expect(repositoryCheckRequested(input)).to.equal(want);
      expect(planImports(input, SETTINGS).repository?.requested ?? false).to.equal(want);
    });
  }

  const patches: [string, ImageStream, object[]][] = [
    ['an existing value is tested, then replaced', { ...repo({ [CHECK]: '' }), metadata: { ...repo().metadata, resourceVersion: '9', annotations: { [CHECK]: '' } } },
      [{ op: 'test', path: POINTER, value: '' }, { op: 'replace', path: POINTER, value: 'T' }]],
    ['an absent one is added after testing the resourceVersion', { ...repo(), metadata: { ...repo().metadata, resourceVersion: '9', annotations: {} } },
      [{ op: 'test', path: '/metadata/resourceVersion', value: '9' }, { op: 'add', path: POINTER, value: 'T' }]],
    ['a stream without annotations gets the map', { ...repo(), metadata: { ...repo().metadata, resourceVersion: '9' } },
      [{ op: 'test', path: '/metadata/resourceVersion', value: '9' }, { op: 'add', path: '/metadata/annotations', value: { [CHECK]: 'T' } }]],
  ];
  for (const [name, input, want] of patches) it(`patch: ${name}`, () => expect(repositoryCheckPatch(input, 'T')).to.deep.equal(want));
});

describe('import options of a tag', () => {
  it('the stream annotation makes a tag insecure and insecure: false cannot undo it', () => {
    const annotated = stream([], [], { annotations: { 'openshift.io/image.insecureRepository': 'true' } });
    expect(isInsecure(annotated, dockerTag('t', REF, { importPolicy: { insecure: false } }))).to.equal(true);
    expect(isInsecure(stream([]), dockerTag('t', REF, { importPolicy: { insecure: true } }))).to.equal(true);
    expect(isInsecure(stream([]), dockerTag('t', REF))).to.equal(false);
  });
  it('importMode defaults to the configured PreserveOriginal and keeps an explicit Legacy', () => {
    expect(importModeOf(dockerTag('t', REF), SETTINGS)).to.equal('PreserveOriginal');
    expect(importModeOf(dockerTag('t', REF, { importPolicy: { importMode: 'Legacy' } }), SETTINGS)).to.equal('Legacy');
  });
  const platforms: [string, Record<string, string>, object][] = [
    ['no annotations take the configured default', {}, { os: 'linux', architecture: 'amd64' }],
    ['prefer-arch picks the architecture', { 'importer.image.openshift.io/prefer-arch': 'arm64' }, { os: 'linux', architecture: 'arm64' }],
    ['prefer-arch with a variant', { 'importer.image.openshift.io/prefer-arch': 'arm/v7' }, { os: 'linux', architecture: 'arm', variant: 'v7' }],
    ['prefer-os alone keeps the default architecture', { 'importer.image.openshift.io/prefer-os': 'windows' }, { os: 'windows', architecture: 'amd64' }],
  ];
  for (const [name, annotations, want] of platforms) {
    it(`platform: ${name}`, () => expect(platformOf(dockerTag('t', REF, { annotations }), SETTINGS)).to.deep.equal(want));
  }
});

describe('newestTags: repository tags, newest-looking first', () => {
  const cases: [string, string[], number, string[]][] = [
    ['latest, then versions by number, then others in reverse lexical order', ['edge', '1.9', 'latest', '1.10', 'v2.0', 'alpha'], 10, ['latest', 'v2.0', '1.10', '1.9', 'edge', 'alpha']],
    ['a plain release before its variants', ['3.1-alpine', '3.1', '3.1-slim'], 10, ['3.1', '3.1-slim', '3.1-alpine']],
    ['the limit keeps the newest', ['1', '2', '3', '4'], 2, ['4', '3']],
    ['duplicates count once', ['1', '1', '2'], 5, ['2', '1']],
  ];
  for (const [name, tags, limit, want] of cases) it(name, () => expect(newestTags(tags, limit)).to.deep.equal(want));
});

describe('validateSpecTags: from.kind is DockerImage, ImageStreamTag or ImageStreamImage, with a name of its form', () => {
  const cases: [string, TagReference[], string[]][] = [
    ['valid tags of every kind', [dockerTag('a', REF), { name: 'b', from: { kind: 'ImageStreamTag', name: 'other:1' } }, { name: 'c', from: { kind: 'ImageStreamImage', name: `other@${Da}` } }], []],
    ['an unknown kind', [{ name: 'a', from: { kind: 'Image', name: 'x' } }], ['spec.tags[0].from.kind: Unsupported value: "Image": supported values: "DockerImage", "ImageStreamTag", "ImageStreamImage"']],
    ['an unparseable DockerImage', [dockerTag('a', 'acme/App:1')], ['spec.tags[0].from.name: Invalid value: "acme/App:1": ']],
    ['an ImageStreamImage without a digest', [{ name: 'a', from: { kind: 'ImageStreamImage', name: 'other:1' } }], ['spec.tags[0].from.name: Invalid value: "other:1": must be <stream>@<digest>']],
    ['an ImageStreamTag with two colons', [{ name: 'a', from: { kind: 'ImageStreamTag', name: 'a:b:c' } }], ['spec.tags[0].from.name: Invalid value: "a:b:c": must be <tag> or <stream>:<tag>']],
    ['a bad importMode and referencePolicy together', [dockerTag('a', REF, { importPolicy: { importMode: 'All' }, referencePolicy: { type: 'Remote' } })], ['spec.tags[0].importPolicy.importMode: Unsupported value: "All"', 'spec.tags[0].referencePolicy.type: Unsupported value: "Remote"']],
    ['a duplicate tag name', [dockerTag('a', REF), dockerTag('a', REF)], ['spec.tags[1].name: Duplicate value: "a"']],
  ];
  for (const [name, tags, want] of cases) {
    it(name, () => {
      const problems = [...validateSpecTags(stream(tags)).values()].flat();
      expect(problems).to.have.length(want.length);
      want.forEach((prefix, index) => expect(problems[index]).to.satisfy((text: string) => text.startsWith(prefix)));
    });
  }
});

describe('src/import purity', () => {
  const dir = fileURLToPath(new URL('../../../src/import/', import.meta.url));
  for (const name of readdirSync(dir).filter((file) => file.endsWith('.ts'))) {
    it(`${name} imports only the core, the registry contract and itself, and reads no clock`, () => {
      const text = readFileSync(join(dir, name), 'utf8');
      const specifiers = [...text.matchAll(/from '([^']+)'/g)].map((match) => match[1] ?? '');
      expect(specifiers.filter((s) => !s.startsWith('./') && !s.startsWith('../core/') && s !== '../registry/types.js')).to.deep.equal([]);
      expect(text).not.to.match(/\b(Date\.now|new Date\(|process\.|console\.|setTimeout|fetch\()/);
    });
  }
});
