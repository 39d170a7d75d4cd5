/**
 * Leadership and time in the controller runtime: a Lease lost to another replica or not renewed
 * in time stops imports, and a wall-clock jump changes neither schedules nor deadlines (they run
 * on the monotonic clock; only timestamps written to the API server follow the wall clock).
 */
import { expect } from 'chai';
import { formatMicroTime } from '../../src/kube/leases.js';
import { eventually } from '../http/support.js';
import { Da, dockerTag, stream } from '../import/support.js';
import { advanceUntil, imported, LEASE, LEASES, REF, startHarness, statusWrites, type Harness } from './runtime-harness.js';

const HOUR = 3_600_000;
const LEASE_PATH = new RegExp(`/namespaces/${LEASE.namespace}/leases/${LEASE.name}$`);

describe('controller runtime: leader election and clock jumps', () => {
  let h: Harness;
  afterEach(() => h.stop());

  const holder = (): unknown => (h.api.store.get(LEASES, LEASE.namespace, LEASE.name)?.spec as { holderIdentity?: string } | undefined)?.holderIdentity;

  it('takes a free Lease, then stops importing once another replica holds it', async () => {
    h = await startHarness({ lease: true });
    await eventually('leading', () => h.runtime.isLeader());
    expect(holder()).to.equal(LEASE.identity);
    const lease = h.api.store.get(LEASES, LEASE.namespace, LEASE.name);
    const now = formatMicroTime(h.clock.now());
    h.api.store.put(LEASES, { ...lease, metadata: { name: LEASE.name, namespace: LEASE.namespace }, spec: { holderIdentity: 'replica-b', leaseDurationSeconds: 15, acquireTime: now, renewTime: now, leaseTransitions: 1 } });
    await advanceUntil(h.clock, 'not leading', () => !h.runtime.isLeader());
    h.api.put(stream([dockerTag('1', REF)], [], { name: 'while-standby' }));
    await eventually('the standby saw the stream', () => h.runtime.informer.get('myproject', 'while-standby') !== undefined);
    h.clock.advance(5000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(h.registry.requests, 'a standby imports nothing').to.have.length(0);
    expect(statusWrites(h.api)).to.have.length(0);
    expect(holder()).to.equal('replica-b');
  });

  it('leads at once but starts no work until the first list is complete, so it never decides on half a cache', async () => {
    let release = (): void => undefined;
    const streams = ['a', 'b'].map((name) => stream([dockerTag('1', REF)], [], { name }));
    h = await startHarness({ lease: true, streams, pageSize: 1, unsynced: true }, (api) => {
      api.holdLaterPages = new Promise((resolve) => (release = resolve));
    });
    await eventually('leading with half a list', () => h.runtime.isLeader() && h.runtime.informer.size() === 1);
    h.clock.advance(5000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(h.registry.requests, 'no import before the list is complete').to.have.length(0);
    release();
    await eventually('both imported', () => imported(h.api, 'a', '1') === Da && imported(h.api, 'b', '1') === Da);
  });

  it('stops leading when it cannot renew within the renew deadline, even if the wall clock jumps back an hour', async () => {
    h = await startHarness({ lease: true });
    await eventually('leading', () => h.runtime.isLeader());
    h.api.intercept('GET', LEASE_PATH, () => ({ code: 500, reason: 'InternalError' }));
    h.clock.jumpWall(-HOUR);
    await advanceUntil(h.clock, 'not leading', () => !h.runtime.isLeader());
    expect(h.clock.monotonic()).to.be.at.most(LEASE.renewDeadlineSeconds * 1000 + 2 * LEASE.retryPeriodSeconds * 1000);
  });

  it('keeps leading through a wall-clock jump forward while renewals succeed', async () => {
    h = await startHarness({ lease: true });
    await eventually('leading', () => h.runtime.isLeader());
    h.clock.jumpWall(HOUR);
    const renewals = h.api.count('PUT /apis/coordination.k8s.io');
    await advanceUntil(h.clock, 'renewed twice more', () => h.api.count('PUT /apis/coordination.k8s.io') >= renewals + 2);
    expect(h.runtime.isLeader()).to.equal(true);
  });

  it('checks scheduled tags on time after the wall clock jumps back an hour, and stamps status with the wall clock', async () => {
    const scheduled = dockerTag('1', REF, { importPolicy: { scheduled: true } });
    h = await startHarness({ streams: [stream([scheduled])], scheduledIntervalMs: 60_000 });
    await eventually('imported', () => imported(h.api, 'ruby', '1') === Da);
    const checks = (): number => h.imports.filter((record) => record.trigger === 'Scheduled').length;
    h.clock.jumpWall(-HOUR);
    await advanceUntil(h.clock, 'a scheduled check after the jump', () => checks() >= 1, 1000);
    expect(h.clock.monotonic(), 'within one interval and its jitter, not an hour later').to.be.at.most(2 * 60_000 + 6000);
  });
});
