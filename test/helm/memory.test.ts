import { expect } from 'chai';
import { HELM_BUILD_TIMEOUT_MS, findHelm, findOne, render } from './helm.js';
import type { Container, Deployment } from './objects.js';

type MemoryContainer = Container & {
  resources: { requests?: Record<string, string>; limits?: Record<string, string> };
  env?: { name: string; value?: string }[];
};

function webhookContainer(deployment: Deployment): MemoryContainer {
  const [container] = deployment.spec.template.spec.containers;
  if (container === undefined) throw new Error('Deployment has no container');
  return container as MemoryContainer;
}

describe('helm chart: memory bounds (issue 8)', function () {
  let helm = '';
  before(function () {
    this.timeout(HELM_BUILD_TIMEOUT_MS);
    helm = findHelm();
  });

  const heaps: { limit: string | null; want: string | undefined }[] = [
    { limit: '512Mi', want: '--max-old-space-size=256 --max-semi-space-size=4' },
    { limit: '1Gi', want: '--max-old-space-size=512 --max-semi-space-size=4' },
    { limit: '1G', want: '--max-old-space-size=476 --max-semi-space-size=4' },
    { limit: null, want: undefined },
  ];
  for (const c of heaps) {
    it(`sizes the V8 old space to half of limits.memory ${String(c.limit)} and the semi-space to 4 MiB: ${c.want ?? 'no flag, Node sizes it from the cgroup'}`, async () => {
      const objects = await render(helm, { values: { 'resources.limits.memory': c.limit } });
      const env = webhookContainer(findOne<Deployment>(objects, 'Deployment')).env ?? [];
      expect(env.find((e) => e.name === 'NODE_OPTIONS')?.value).to.equal(c.want);
    });
  }

  it('refuses a memory limit it cannot size the heap from, naming the value', async () => {
    let failure = '';
    try {
      await render(helm, { values: { 'resources.limits.memory': '0.5Gi' } });
    } catch (err) {
      failure = String(err);
    }
    expect(failure).to.include('resources.limits.memory "0.5Gi": use an integer quantity');
  });

  it('sets measured memory requests and limits by default, and passes the in-flight byte budget', async () => {
    const container = webhookContainer(findOne<Deployment>(await render(helm), 'Deployment'));
    expect(container.resources).to.deep.include({ requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } });
    const budget = container.args.indexOf('--max-in-flight-bytes');
    expect(container.args.slice(budget, budget + 2)).to.deep.equal(['--max-in-flight-bytes', '33554432']);
  });

  it('passes a configured in-flight byte budget through', async () => {
    const container = webhookContainer(findOne<Deployment>(await render(helm, { values: { 'server.maxInFlightBytes': 33554432 } }), 'Deployment'));
    expect(container.args[container.args.indexOf('--max-in-flight-bytes') + 1]).to.equal('33554432');
  });
});
