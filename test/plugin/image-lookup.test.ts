import { expect } from 'chai';
import fastJsonPatch from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';
import {
  formatLookupTable, streamLookupPatch, streamLookupRow, workloadLookupPatch, workloadLookupRow, workloadUsesLookup, type LookupWorkload,
} from '../../src/plugin/image-lookup.js';
import { appStream, emptyStream } from './streams.js';

const { applyPatch } = fastJsonPatch;
const KEY = 'alpha.image.policy.openshift.io/resolve-names';
const POINTER_KEY = 'alpha.image.policy.openshift.io~1resolve-names';

const deployment = (templateAnnotations?: Record<string, string>, ownAnnotations?: Record<string, string>): LookupWorkload => ({
  resource: { group: 'apps', resource: 'deployments' },
  object: {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name: 'web', namespace: 'team', resourceVersion: '88', ...(ownAnnotations === undefined ? {} : { annotations: ownAnnotations }) },
    spec: { template: { metadata: { labels: { app: 'web' }, ...(templateAnnotations === undefined ? {} : { annotations: templateAnnotations }) }, spec: { containers: [{ name: 'web', image: 'app:v1' }] } } },
  },
});
const cronJob: LookupWorkload = {
  resource: { group: 'batch', resource: 'cronjobs' },
  object: { metadata: { name: 'nightly', resourceVersion: '5' }, spec: { jobTemplate: { metadata: {}, spec: { template: { metadata: {}, spec: { containers: [] } } } } } },
};
const pod: LookupWorkload = { resource: { group: '', resource: 'pods' }, object: { metadata: { name: 'p', resourceVersion: '3' }, spec: { containers: [] } } };

describe('set image-lookup on a stream', () => {
  const cases: { name: string; stream: ReturnType<typeof appStream>; enabled: boolean; want: Operation[] }[] = [
    { name: 'turning it off replaces local, tested as read', stream: appStream(), enabled: false, want: [{ op: 'test', path: '/spec/lookupPolicy/local', value: true }, { op: 'replace', path: '/spec/lookupPolicy/local', value: false }] },
    { name: 'turning it on when already on changes nothing', stream: appStream(), enabled: true, want: [] },
    { name: 'turning it off on a stream without lookup policy changes nothing', stream: emptyStream(), enabled: false, want: [] },
    { name: 'turning it on on a stream without spec adds the spec, guarded by resourceVersion', stream: emptyStream(), enabled: true, want: [{ op: 'test', path: '/metadata/resourceVersion', value: '12' }, { op: 'add', path: '/spec', value: { lookupPolicy: { local: true } } }] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(streamLookupPatch(c.stream, c.enabled)).to.deep.equal(c.want);
    });
  }
});

describe('set image-lookup on a workload', () => {
  const cases: { name: string; workload: LookupWorkload; enabled: boolean; want: Operation[] }[] = [
    {
      name: 'a Deployment gets the annotation on its pod template',
      workload: deployment(), enabled: true,
      want: [{ op: 'test', path: '/spec/template/metadata', value: { labels: { app: 'web' } } }, { op: 'add', path: '/spec/template/metadata/annotations', value: { [KEY]: '*' } }],
    },
    {
      name: 'an annotation with another value is replaced by *',
      workload: deployment({ [KEY]: 'true' }), enabled: true,
      want: [{ op: 'test', path: `/spec/template/metadata/annotations/${POINTER_KEY}`, value: 'true' }, { op: 'replace', path: `/spec/template/metadata/annotations/${POINTER_KEY}`, value: '*' }],
    },
    { name: 'a Deployment already annotated is left alone', workload: deployment({ [KEY]: '*' }), enabled: true, want: [] },
    {
      name: 'a CronJob gets it on the pod template of its Job template, where the webhook reads it',
      workload: cronJob, enabled: true,
      want: [{ op: 'test', path: '/spec/jobTemplate/spec/template/metadata', value: {} }, { op: 'add', path: '/spec/jobTemplate/spec/template/metadata/annotations', value: { [KEY]: '*' } }],
    },
    {
      name: 'a Pod, which has no template, gets it on itself',
      workload: pod, enabled: true,
      want: [{ op: 'test', path: '/metadata', value: { name: 'p', resourceVersion: '3' } }, { op: 'add', path: '/metadata/annotations', value: { [KEY]: '*' } }],
    },
    {
      name: 'turning it off removes it from the template and from the object itself',
      workload: deployment({ [KEY]: '*' }, { [KEY]: '*', keep: 'me' }), enabled: false,
      want: [
        { op: 'test', path: `/spec/template/metadata/annotations/${POINTER_KEY}`, value: '*' }, { op: 'remove', path: `/spec/template/metadata/annotations/${POINTER_KEY}` },
        { op: 'test', path: `/metadata/annotations/${POINTER_KEY}`, value: '*' }, { op: 'remove', path: `/metadata/annotations/${POINTER_KEY}` },
      ],
    },
    { name: 'turning it off where it is not set changes nothing', workload: deployment(), enabled: false, want: [] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const patch = workloadLookupPatch(c.workload, c.enabled);
      expect(patch).to.deep.equal(c.want);
      const after = { ...c.workload, object: applyPatch(c.workload.object, patch, true, false).newDocument };
      expect(workloadUsesLookup(after)).to.equal(c.enabled);
      expect(workloadLookupPatch(after, c.enabled)).to.deep.equal([]);
    });
  }
});

describe('set image-lookup --list', () => {
  it('prints NAME and LOCAL as oc does: streams by name, workloads as <resource>/<name>', () => {
    const rows = [streamLookupRow(appStream()), streamLookupRow(emptyStream('tools')), workloadLookupRow(deployment(undefined, { [KEY]: '*' })), workloadLookupRow(cronJob)];
    expect(formatLookupTable(rows)).to.equal([
      'NAME              LOCAL',
      'app               true',
      'tools             false',
      'deployments/web   true',
      'cronjobs/nightly  false',
      '',
    ].join('\n'));
  });
});
