import { expect } from 'chai';
import fastJsonPatch from 'fast-json-patch';
import { formatTriggerTable, triggerRows, triggersPatch, type TriggerWorkload } from '../../src/plugin/set-triggers.js';
import type { TriggersArguments } from '../../src/plugin/triggers-arguments.js';
import { expectCommandError } from './support.js';

const ANNOTATION = 'image.openshift.io/triggers';
const path = (name: string): string => `spec.template.spec.containers[?(@.name=="${name}")].image`;

function deployment(annotation?: string, paused?: boolean): TriggerWorkload {
  return {
    kind: 'Deployment', namespace: 'team', shownName: 'deployments/web',
    object: {
      metadata: { name: 'web', namespace: 'team', resourceVersion: '7', ...(annotation === undefined ? {} : { annotations: { [ANNOTATION]: annotation } }) },
      spec: { ...(paused === undefined ? {} : { paused }), template: { spec: { initContainers: [{ name: 'init', image: 'busybox' }], containers: [{ name: 'web', image: 'web' }, { name: 'db', image: 'db' }] } } },
    },
  };
}

const args = (extra: Partial<TriggersArguments>): TriggersArguments => ({
  resources: ['deployment/web'], containers: [], auto: false, autoFlag: false, manual: false, remove: false, removeAll: false, printTable: false, ...extra,
});

function after(workload: TriggerWorkload, a: TriggersArguments): { annotation?: string; paused?: boolean } {
  const result = fastJsonPatch.applyPatch(structuredClone(workload.object), triggersPatch(workload, a), true, false).newDocument as {
    metadata: { annotations?: Record<string, string> };
    spec: { paused?: boolean };
  };
  return { ...(result.metadata.annotations?.[ANNOTATION] === undefined ? {} : { annotation: result.metadata.annotations[ANNOTATION] }), ...(result.spec.paused === undefined ? {} : { paused: result.spec.paused }) };
}

const from = { namespace: '', stream: 'app', tag: 'prod' };

describe('set triggers decided on a workload', () => {
  it("writes oc's bytes for a new trigger, leaving the object's own namespace out", () => {
    expect(after(deployment(), args({ fromImage: from, containers: ['web'], auto: true }))).to.deep.equal({
      annotation: `[{"from":{"kind":"ImageStreamTag","name":"app:prod"},"fieldPath":"${path('web').replaceAll('"', '\\"')}"}]`,
    });
  });

  it('names another namespace, and gives an init container its initContainers path', () => {
    const annotation = after(deployment(), args({ fromImage: { ...from, namespace: 'shared' }, containers: ['init'], auto: true })).annotation ?? '';
    expect(JSON.parse(annotation)).to.deep.equal([{ from: { kind: 'ImageStreamTag', name: 'app:prod', namespace: 'shared' }, fieldPath: 'spec.template.spec.initContainers[?(@.name=="init")].image' }]);
  });

  it("replaces a container's existing trigger in place and keeps the others in order", () => {
    const before = JSON.stringify([
      { from: { kind: 'ImageStreamTag', name: 'old:v1' }, fieldPath: 'spec.template.spec.containers[0].image' },
      { from: { kind: 'ImageStreamTag', name: 'db:v1' }, fieldPath: path('db') },
    ]);
    const annotation = after(deployment(before), args({ fromImage: from, containers: ['web'], auto: true })).annotation ?? '';
    expect((JSON.parse(annotation) as { from: { name: string }; fieldPath: string }[]).map((t) => [t.from.name, t.fieldPath])).to.deep.equal([['app:prod', path('web')], ['db:v1', path('db')]]);
  });

  it('--manual pauses every trigger and the Deployment; --auto resumes both', () => {
    const before = JSON.stringify([{ from: { kind: 'ImageStreamTag', name: 'db:v1' }, fieldPath: path('db') }]);
    const paused = after(deployment(before), args({ manual: true }));
    expect(paused.paused).to.equal(true);
    expect(JSON.parse(paused.annotation ?? '')).to.deep.equal([{ from: { kind: 'ImageStreamTag', name: 'db:v1' }, fieldPath: path('db'), paused: true }]);
    const resumed = after(deployment(paused.annotation, true), args({ auto: true, autoFlag: true }));
    expect(resumed).to.deep.equal({ annotation: before, paused: false });
  });

  it('--remove-all writes null as oc does; --remove drops only the matching trigger', () => {
    const before = JSON.stringify([
      { from: { kind: 'ImageStreamTag', name: 'app:prod' }, fieldPath: path('web') },
      { from: { kind: 'ImageStreamTag', name: 'db:v1' }, fieldPath: path('db') },
    ]);
    expect(after(deployment(before), args({ removeAll: true })).annotation).to.equal('null');
    expect(JSON.parse(after(deployment(before), args({ fromImage: from, remove: true })).annotation ?? '')).to.deep.equal([{ from: { kind: 'ImageStreamTag', name: 'db:v1' }, fieldPath: path('db') }]);
  });

  it('writes nothing when the annotation already says it', () => {
    const workload = deployment();
    const once = after(workload, args({ fromImage: from, containers: ['web'], auto: true }));
    expect(triggersPatch(deployment(once.annotation), args({ fromImage: from, containers: ['web'], auto: true }))).to.deep.equal([]);
  });

  it("refuses unknown containers with oc's text, listing the ones it accepts", () => {
    expectCommandError(() => triggersPatch(deployment(), args({ fromImage: from, containers: ['x', 'web'], auto: true })), 'not all container names exist: x (accepts: init, web, db)');
  });

  it('prints NAME TYPE VALUE AUTO, and <none> for a workload without triggers', () => {
    const before = JSON.stringify([{ from: { kind: 'ImageStreamTag', name: 'app:prod', namespace: 'shared' }, fieldPath: path('web'), paused: true }]);
    expect(formatTriggerTable([...triggerRows(deployment(before)), ...triggerRows({ ...deployment(), shownName: 'deployments/db' })])).to.equal(
      'NAME             TYPE    VALUE                  AUTO\n' +
      'deployments/web  image   shared/app:prod (web)  false\n' +
      'deployments/db   <none>                         \n',
    );
  });
});
