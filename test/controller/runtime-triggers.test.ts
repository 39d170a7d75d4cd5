/**
 * The trigger controller in the controller runtime over the fake API server: which workloads a tag
 * move writes, with which requests, and what a concurrent edit, a paused trigger, a cross-namespace
 * source and an invalid annotation lead to.
 */
import { expect } from 'chai';
import { TRIGGER_FIELD_MANAGER } from '../../src/controller/trigger-io.js';
import { eventually } from '../http/support.js';
import { Da, Db, Dc } from '../import/support.js';
import { formatMicroTime } from '../../src/kube/leases.js';
import { advanceUntil, LEASE, LEASES, startHarness, type Harness } from './runtime-harness.js';
import { events, imageOf, NS, pinned, RESOURCE, tagged, workload, workloadPatches, type Kind } from './trigger-support.js';

const put = (h: Harness, kind: Kind, object: ReturnType<typeof workload>): void => void h.api.store.put(RESOURCE[kind], object);
const objects = (...list: [Kind, ReturnType<typeof workload>][]): { resource: string; object: ReturnType<typeof workload> }[] =>
  list.map(([kind, object]) => ({ resource: RESOURCE[kind], object }));

describe('controller runtime: image change triggers', () => {
  let h: Harness;
  afterEach(() => h.stop());

  it('a tag move patches exactly the workloads that follow the tag, each kind at its own pod spec, under one field manager', async () => {
    h = await startHarness({
      triggers: true,
      streams: [tagged('app', { v1: Da, v2: Da })],
      objects: objects(
        ['Deployment', workload('Deployment', 'web', pinned(Da), [{ tag: 'app:v1' }])],
        ['CronJob', workload('CronJob', 'nightly', pinned(Da), [{ tag: 'app:v1' }])],
        ['StatefulSet', workload('StatefulSet', 'db', pinned(Da), [{ tag: 'app:v2' }])],
        ['DaemonSet', workload('DaemonSet', 'agent', pinned(Da))],
      ),
    });
    h.api.put(tagged('app', { v1: Db, v2: Da }, 2));
    await eventually('both followers of v1 written', () => imageOf(h.api, 'Deployment', 'web') === pinned(Db) && imageOf(h.api, 'CronJob', 'nightly') === pinned(Db));
    const patches = workloadPatches(h.api);
    expect(patches.map((line) => line.split('?')[0]).sort()).to.deep.equal([
      `PATCH /apis/apps/v1/namespaces/${NS}/deployments/web`,
      `PATCH /apis/batch/v1/namespaces/${NS}/cronjobs/nightly`,
    ]);
    expect(patches.every((line) => line.endsWith(`?fieldManager=${TRIGGER_FIELD_MANAGER}`))).to.equal(true);
    expect(imageOf(h.api, 'StatefulSet', 'db'), 'a follower of another tag is left alone').to.equal(pinned(Da));
    expect(imageOf(h.api, 'DaemonSet', 'agent'), 'a workload without triggers is left alone').to.equal(pinned(Da));
    await eventually('an ImageTriggered Event for each', () => events(h.api).filter((e) => e.reason === 'ImageTriggered').length === 2);
    const web = events(h.api).find((e) => e.involvedObject.name === 'web');
    expect(web?.type).to.equal('Normal');
    expect(web?.involvedObject).to.include({ kind: 'Deployment', uid: 'uid-web' });
    expect(web?.message).to.equal(`Image stream tag app:v1 set the image of container web to ${pinned(Db)} (was ${pinned(Da)})`);
    expect(h.runtime.triggers?.controller.index.size).to.include({ workloads: 3, tags: 2 });
  });

  it('a workload whose image already matches its tag gets no request at all, before or after other writes', async () => {
    h = await startHarness({
      triggers: true,
      streams: [tagged('app', { v1: Db })],
      objects: objects(
        ['Deployment', workload('Deployment', 'current', pinned(Db), [{ tag: 'app:v1' }])],
        ['Deployment', workload('Deployment', 'behind', pinned(Da), [{ tag: 'app:v1' }])],
      ),
    });
    await eventually('the stale one written', () => imageOf(h.api, 'Deployment', 'behind') === pinned(Db));
    expect(h.api.requests.filter((line) => line.includes('/deployments/current'))).to.deep.equal([]);
    expect(workloadPatches(h.api)).to.have.length(1);
  });

  it('a concurrent edit between read and write fails the patch\'s test; the workload is read again and the edit kept', async () => {
    h = await startHarness({ triggers: true, streams: [tagged('app', { v1: Da })], objects: objects(['Deployment', workload('Deployment', 'web', pinned(Da), [{ tag: 'app:v1' }])]) });
    // The user pauses the trigger and sets a hotfix image just before the controller's write lands.
    h.api.intercept('PATCH', /\/deployments\/web\?/, () => {
      put(h, 'Deployment', workload('Deployment', 'web', 'registry.example/hotfix:1', [{ tag: 'app:v1', paused: true }]));
    }, 1);
    h.api.put(tagged('app', { v1: Db }, 2));
    await eventually('the workload read again', () => h.api.count(`GET /apis/apps/v1/namespaces/${NS}/deployments/web`) === 1);
    await eventually('the conflict counted', async () => (await h.metrics.registry.getSingleMetricAsString('imagestream_controller_triggers_total')).includes('result="Conflict"'));
    expect(imageOf(h.api, 'Deployment', 'web')).to.equal('registry.example/hotfix:1');
    expect(workloadPatches(h.api), 'the refused patch only').to.have.length(1);
    expect(events(h.api).filter((e) => e.reason === 'ImageTriggered')).to.deep.equal([]);
  });

  it('a paused trigger does nothing when its tag moves, while an active one on the same tag is followed', async () => {
    h = await startHarness({
      triggers: true,
      streams: [tagged('app', { v1: Da })],
      objects: objects(
        ['Deployment', workload('Deployment', 'paused', pinned(Da), [{ tag: 'app:v1', paused: true }])],
        ['Deployment', workload('Deployment', 'active', pinned(Da), [{ tag: 'app:v1' }])],
      ),
    });
    h.api.put(tagged('app', { v1: Db }, 2));
    await eventually('the active one written', () => imageOf(h.api, 'Deployment', 'active') === pinned(Db));
    expect(imageOf(h.api, 'Deployment', 'paused')).to.equal(pinned(Da));
    expect(h.api.requests.filter((line) => line.includes('/deployments/paused'))).to.deep.equal([]);
  });

  it('a standby keeps its index but writes nothing; once it leads, every workload is brought to its tag', async () => {
    const held = formatMicroTime(Date.parse('2026-01-01T00:00:00Z'));
    const lease = { metadata: { name: LEASE.name, namespace: LEASE.namespace }, spec: { holderIdentity: 'replica-b', leaseDurationSeconds: 15, acquireTime: held, renewTime: held, leaseTransitions: 0 } };
    h = await startHarness({
      triggers: true, lease: true,
      streams: [tagged('app', { v1: Da })],
      objects: [{ resource: LEASES, object: lease }, ...objects(['Deployment', workload('Deployment', 'web', pinned(Da), [{ tag: 'app:v1' }])])],
    });
    const moved = h.api.put(tagged('app', { v1: Db }, 2));
    await eventually('the standby saw the move', () => h.runtime.informer.get(NS, 'app')?.metadata.resourceVersion === moved.metadata.resourceVersion);
    expect(h.runtime.isLeader()).to.equal(false);
    expect(h.runtime.triggers?.controller.index.size.workloads, 'the index follows on a standby too').to.equal(1);
    expect(workloadPatches(h.api), 'a standby writes nothing').to.deep.equal([]);
    // replica-b stops renewing: this replica takes the Lease once it expires, and catches up at once.
    await advanceUntil(h.clock, 'leading', () => h.runtime.isLeader(), 2000);
    await eventually('written by the new leader', () => imageOf(h.api, 'Deployment', 'web') === pinned(Db));
    expect(workloadPatches(h.api)).to.have.length(1);
  });

  it('a workload that gains a trigger is brought to its tag\'s current image at once', async () => {
    h = await startHarness({ triggers: true, streams: [tagged('app', { v1: Dc })], objects: objects(['Deployment', workload('Deployment', 'web', 'ruby:3')]) });
    put(h, 'Deployment', workload('Deployment', 'web', 'ruby:3', [{ tag: 'app:v1' }]));
    await eventually('written', () => imageOf(h.api, 'Deployment', 'web') === pinned(Dc));
    await eventually('the Event', () => events(h.api).some((e) => e.reason === 'ImageTriggered' && e.message.endsWith('(was ruby:3)')));
  });

  it('an invalid annotation is an InvalidTrigger Warning Event naming the cause, and nothing is written', async () => {
    h = await startHarness({ triggers: true, streams: [tagged('app', { v1: Db })], objects: objects(['Deployment', workload('Deployment', 'web', pinned(Da), [{ tag: 'app:v1', container: 'db' }])]) });
    await eventually('the Event', () => events(h.api).some((e) => e.reason === 'InvalidTrigger'));
    const [warning] = events(h.api);
    expect(warning?.type).to.equal('Warning');
    expect(warning?.message).to.equal('image.openshift.io/triggers[0].fieldPath: no such container: db');
    expect(workloadPatches(h.api)).to.deep.equal([]);
  });

  it('the same problem is reported once, not again at every tag move, and again once the Event may have expired', async () => {
    h = await startHarness({ triggers: true, streams: [tagged('app', { v1: Da })], objects: objects(['Deployment', workload('Deployment', 'web', pinned(Da), [{ tag: 'app:v1' }, { tag: 'app:v9', container: 'web2' }])]) });
    const invalid = (): number => events(h.api).filter((e) => e.reason === 'InvalidTrigger').length;
    await eventually('the first report', () => invalid() === 1);
    h.api.put(tagged('app', { v1: Db }, 2));
    await eventually('the valid trigger followed', () => imageOf(h.api, 'Deployment', 'web') === pinned(Db));
    await eventually('the ImageTriggered Event', () => events(h.api).some((e) => e.reason === 'ImageTriggered'));
    expect(invalid(), 'not repeated after the move and the controller\'s own write').to.equal(1);
    h.clock.advance(11 * 60_000);
    h.api.put(tagged('app', { v1: Dc }, 3));
    await eventually('reported again after ten minutes', () => invalid() === 2);
  });

  it('a cross-namespace source is refused without the grant, and followed at the next tag move once granted', async () => {
    h = await startHarness({ triggers: true, streams: [tagged('base', { v1: Da }, 1, 'shared')], objects: objects(['Deployment', workload('Deployment', 'web', 'ruby:3')]) });
    let granted = false;
    h.api.allow = (spec) => granted && (spec.groups ?? []).includes(`system:serviceaccounts:${NS}`) && spec.resourceAttributes?.namespace === 'shared';
    put(h, 'Deployment', workload('Deployment', 'web', 'ruby:3', [{ tag: 'base:v1', namespace: 'shared' }]));
    await eventually('refused with an Event', () => events(h.api).some((e) => e.reason === 'InvalidTrigger' && e.message.includes('may not get imagestreams in namespace shared')));
    expect(imageOf(h.api, 'Deployment', 'web')).to.equal('ruby:3');
    granted = true;
    h.api.put(tagged('base', { v1: Db }, 2, 'shared'));
    await eventually('followed after the grant, at the next tag move', () => imageOf(h.api, 'Deployment', 'web') === pinned(Db));
    expect(h.api.accessReviews.filter((r) => r.resourceAttributes?.namespace === 'shared').length, 'the refusal was not remembered').to.be.at.least(2);
  });
});

