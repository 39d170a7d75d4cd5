import { expect } from 'chai';
import { describe, it } from 'mocha';
import type { GroupResource } from '../../src/core/types.js';
import { triggerWarnings, WARNING_MAX, WARNINGS_MAX } from '../../src/triggers/warnings.js';
import { c } from '../helpers/builders.js';
import { annotation, byName, NS, TEMPLATE, trigger, workload } from './support.js';

const DEPLOYMENTS: GroupResource = { group: 'apps', resource: 'deployments' };

interface Case {
  name: string;
  resource?: GroupResource;
  obj: unknown;
  want: string[];
}

const deployment = (value: string | undefined, containers = [c('web', 'ruby:3')], initContainers?: ReturnType<typeof c>[]) =>
  workload('Deployment', { ...(value === undefined ? {} : { annotation: value }), containers, ...(initContainers ? { initContainers } : {}) });

const cases: Case[] = [
  { name: 'an object without the annotation gets none', obj: deployment(undefined), want: [] },
  { name: 'the canonical form gets none', obj: deployment(annotation(trigger('app:v1', byName('web')))), want: [] },
  { name: 'D11: the documentation\'s selector is named with the canonical one',
    obj: deployment(annotation(trigger('app:v1', `${TEMPLATE}.containers[?(@.name='web')].image`))),
    want: [`image.openshift.io/triggers[0].fieldPath ${TEMPLATE}.containers[?(@.name='web')].image is not canonical; write ${byName('web')}`] },
  { name: 'D11: a string paused is named with the boolean to write', obj: deployment(annotation(trigger('app:v1', byName('web'), { paused: 'false' }))),
    want: ['image.openshift.io/triggers[0].paused is the string "false"; write the boolean false'] },
  { name: 'the console\'s "pause" key is said to be ignored, with the field it meant',
    obj: deployment(annotation(trigger('app:v1', byName('web'), { pause: 'false' }))),
    want: ['image.openshift.io/triggers[0]: unknown field "pause" is ignored; did you mean "paused"?'] },
  { name: 'a field name in another case is named with its canonical spelling',
    obj: deployment(annotation({ from: { kind: 'ImageStreamTag', name: 'app:v1' }, FieldPath: byName('web') })),
    want: ['image.openshift.io/triggers[0]: field "FieldPath" is not canonical; write "fieldPath"'] },
  { name: 'text that is not JSON is reported', obj: deployment('[{'), want: ['image.openshift.io/triggers is not valid JSON'] },
  { name: 'duplicate field paths are reported with upstream\'s words',
    obj: deployment(annotation(trigger('app:v1', byName('web')), trigger('app:v2', byName('web')))),
    want: [`image.openshift.io/triggers: duplicate triggers are not allowed: [0] and [1] both have fieldPath ${JSON.stringify(byName('web'))}`] },
  { name: 'a container the pod template does not have is reported', obj: deployment(annotation(trigger('app:v1', byName('db')))),
    want: ['image.openshift.io/triggers[0].fieldPath: no such container: db'] },
  { name: 'a path outside the pod spec is reported as ignored', obj: deployment(annotation(trigger('app:v1', 'spec.containers[0].image'))),
    want: ['image.openshift.io/triggers[0].fieldPath "spec.containers[0].image" does not start with spec.template.spec. and is ignored'] },
  { name: 'an init container named under containers is named with its initContainers path',
    obj: deployment(annotation(trigger('app:v1', byName('setup'))), [c('web', 'a')], [c('setup', 'b')]),
    want: [`image.openshift.io/triggers[0].fieldPath ${byName('setup')} is not canonical; write ${byName('setup', 'initContainers')}`] },
  { name: 'a Job is told that triggers are not followed on it', resource: { group: 'batch', resource: 'jobs' },
    obj: { metadata: { annotations: { 'image.openshift.io/triggers': annotation(trigger('app:v1', byName('web'))) } } },
    want: ['image.openshift.io/triggers is not followed on jobs; triggers update Deployments, DaemonSets, StatefulSets and CronJobs'] },
  { name: 'an object without a pod template gets none', resource: { group: '', resource: 'configmaps' },
    obj: { metadata: { annotations: { 'image.openshift.io/triggers': '[{' } } }, want: [] },
];

describe('triggerWarnings', () => {
  for (const t of cases) {
    it(t.name, () => {
      expect(triggerWarnings(t.obj, t.resource ?? DEPLOYMENTS, NS)).to.deep.equal(t.want);
    });
  }

  it(`sends at most ${WARNINGS_MAX} warnings and counts the rest`, () => {
    const triggers = Array.from({ length: 20 }, (_, i) => trigger('app:v1', byName(`c${i}`)));
    const warnings = triggerWarnings(deployment(annotation(...triggers)), DEPLOYMENTS, NS);
    expect(warnings).to.have.length(WARNINGS_MAX);
    expect(warnings.at(-1)).to.equal('image.openshift.io/triggers: 13 more problems not shown');
  });

  it(`keeps every warning within ${WARNING_MAX} characters`, () => {
    const long = 'x'.repeat(63);
    const obj = deployment(annotation(trigger('app:v1', `${TEMPLATE}.containers[?(@.name='${long}')].image`), trigger(`${'s'.repeat(200)}`, byName('web'))), [c(long, 'a'), c('web', 'b')]);
    const warnings = triggerWarnings(obj, DEPLOYMENTS, NS);
    expect(warnings).to.have.length(2);
    for (const warning of warnings) expect(warning.length).to.be.at.most(WARNING_MAX);
  });

  it('reads a hostile object without throwing', () => {
    for (const obj of [null, 'x', { metadata: { annotations: { 'image.openshift.io/triggers': 7 } } }, { metadata: { annotations: { 'image.openshift.io/triggers': '[]' } }, spec: [] }]) {
      expect(() => triggerWarnings(obj, DEPLOYMENTS, NS)).not.to.throw();
    }
  });
});
