import { expect } from 'chai';
import { describe, it } from 'mocha';
import { crossNamespaceSources, streamTagKey, TriggerIndex, viewTagKeys } from '../../src/triggers/trigger-index.js';
import { projectWorkload } from '../../src/triggers/view.js';
import { workloadKey, type WorkloadTriggerView } from '../../src/triggers/workloads.js';
import { c } from '../helpers/builders.js';
import { annotation, byName, NS, TEMPLATE, trigger, workload } from './support.js';

function view(triggers: unknown[], containers = [c('web', 'a'), c('db', 'b'), c('cache', 'c')]): WorkloadTriggerView {
  const projected = projectWorkload('Deployment', workload('Deployment', { annotation: annotation(...triggers), containers }));
  if (projected === undefined) throw new Error('the workload has a trigger annotation');
  return projected;
}

describe('projectWorkload', () => {
  it('keeps only the containers that active triggers set, with their place and image', () => {
    const v = view([trigger('app:v1', byName('db')), trigger('app:v1', `${TEMPLATE}.containers[0].image`, { paused: true })]);
    expect(v).to.deep.equal({
      kind: 'Deployment', namespace: NS, name: 'web', annotation: v.annotation,
      containers: [{ list: 'containers', index: 1, name: 'db', image: 'b' }],
    });
  });

  it('keeps init containers before containers, as the pod spec lists them', () => {
    const obj = workload('CronJob', {
      annotation: annotation(trigger('app:v1', 'spec.jobTemplate.spec.template.spec.containers[0].image'), trigger('app:v1', 'spec.jobTemplate.spec.template.spec.initContainers[0].image')),
      initContainers: [c('setup', 'x')], containers: [c('web', 'y')],
    });
    expect(projectWorkload('CronJob', obj)?.containers.map((x) => x.name)).to.deep.equal(['setup', 'web']);
  });

  it('gives nothing for a workload without the annotation, so it needs no cache entry', () => {
    expect(projectWorkload('Deployment', workload('Deployment', { containers: [c('web', 'a')] }))).to.equal(undefined);
  });

  it('reads a hostile object without throwing', () => {
    for (const obj of [null, 7, [], { metadata: { annotations: { 'image.openshift.io/triggers': 5 } } }, { metadata: { annotations: { 'image.openshift.io/triggers': '[]' } }, spec: 'x' }]) {
      expect(() => projectWorkload('Deployment', obj)).not.to.throw();
    }
  });
});

describe('tags followed by a workload', () => {
  it('are the distinct tags of its triggers that are not paused and have a readable source, wrong field paths included', () => {
    const v = view([
      trigger('app:v1', byName('web')), trigger('app:v1', byName('db')), trigger('base:v1', byName('cache'), { from: { namespace: 'other' } }),
      trigger('app:v2', byName('gone')), trigger('app:v3', byName('x'), { paused: true }), trigger('app', byName('y')),
    ]);
    expect(viewTagKeys(v)).to.deep.equal([`${NS}/app:v1`, 'other/base:v1', `${NS}/app:v2`]);
  });

  it('need an access check only for active triggers in other namespaces', () => {
    const v = view([
      trigger('base:v1', byName('web'), { from: { namespace: 'other' } }), trigger('base:v1', byName('db'), { from: { namespace: 'other' } }),
      trigger('x:v1', byName('cache'), { from: { namespace: 'third' }, paused: true }), trigger('app:v1', `${TEMPLATE}.containers[9].image`, { from: { namespace: NS } }),
    ]);
    expect(crossNamespaceSources(v)).to.deep.equal(['other']);
  });
});

describe('TriggerIndex', () => {
  const A = workloadKey({ kind: 'Deployment', namespace: NS, name: 'a' });
  const B = workloadKey({ kind: 'CronJob', namespace: NS, name: 'b' });
  const V1 = streamTagKey({ namespace: NS, stream: 'app', tag: 'v1' });
  const V2 = streamTagKey({ namespace: NS, stream: 'app', tag: 'v2' });

  it('finds every workload that follows a tag, and only those', () => {
    const index = new TriggerIndex();
    index.set(A, [V1, V2]);
    index.set(B, [V1]);
    expect([...index.workloadsFor(V1)]).to.deep.equal([A, B]);
    expect([...index.workloadsFor(V2)]).to.deep.equal([A]);
    expect([...index.workloadsFor(`${NS}/app:v3`)]).to.deep.equal([]);
  });

  it('an update replaces the tags a workload follows', () => {
    const index = new TriggerIndex();
    index.set(A, [V1]);
    index.set(A, [V2]);
    expect([...index.workloadsFor(V1)]).to.deep.equal([]);
    expect([...index.workloadsFor(V2)]).to.deep.equal([A]);
    expect(index.tagsOf(A)).to.deep.equal([V2]);
  });

  it('a delete forgets the workload and every tag only it followed', () => {
    const index = new TriggerIndex();
    index.set(A, [V1, V2]);
    index.set(B, [V1]);
    index.delete(A);
    expect(index.size).to.deep.equal({ workloads: 1, tags: 1, links: 1 });
    index.delete(B);
    expect(index.size).to.deep.equal({ workloads: 0, tags: 0, links: 0 });
  });

  it('counts a tag listed twice once', () => {
    const index = new TriggerIndex();
    index.set(A, [V1, V1]);
    expect(index.size).to.deep.equal({ workloads: 1, tags: 1, links: 1 });
  });

  it('takes keys named like Object.prototype members as plain keys', () => {
    const index = new TriggerIndex();
    expect([...index.workloadsFor('__proto__')]).to.deep.equal([]);
    index.set('constructor', ['__proto__']);
    expect([...index.workloadsFor('__proto__')]).to.deep.equal(['constructor']);
  });

  it('stays consistent through many random adds, updates and deletes', () => {
    const index = new TriggerIndex();
    const truth = new Map<string, Set<string>>();
    let seed = 7;
    const next = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let step = 0; step < 5000; step += 1) {
      const workload = `w${next(50)}`;
      const tags = next(5) === 0 ? [] : Array.from({ length: next(4) }, () => `t${next(20)}`);
      index.set(workload, tags);
      if (tags.length === 0) truth.delete(workload);
      else truth.set(workload, new Set(tags));
    }
    for (let t = 0; t < 20; t += 1) {
      const expected = [...truth].filter(([, tags]) => tags.has(`t${t}`)).map(([w]) => w).sort();
      expect([...index.workloadsFor(`t${t}`)].sort(), `t${t}`).to.deep.equal(expected);
    }
    const links = [...truth.values()].reduce((sum, tags) => sum + tags.size, 0);
    expect(index.size).to.deep.equal({ workloads: truth.size, tags: new Set([...truth.values()].flatMap((s) => [...s])).size, links });
  });
});
