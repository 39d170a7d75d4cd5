import { expect } from 'chai';
import { HELM_BUILD_TIMEOUT_MS, findHelm, findOne, render } from './helm.js';
import type { Container, Deployment } from './objects.js';

type MemoryContainer = Container & {
  resources: { requests?: Record<string, string>; limits?: Record<string, string> };
  env?: { name: string; value?: string; valueFrom?: { resourceFieldRef?: { containerName: string; resource: string; divisor: string } } }[];
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

  it('sizes the V8 old space to half the effective memory limit through the downward API', async () => {
    const container = webhookContainer(findOne<Deployment>(await render(helm), 'Deployment'));
    const env = new Map((container.env ?? []).map((e) => [e.name, e]));
    expect(env.get('V8_OLD_SPACE_MIB')?.valueFrom?.resourceFieldRef).to.deep.equal({ containerName: container.name, resource: 'limits.memory', divisor: '2Mi' });
    expect(env.get('NODE_OPTIONS')?.value).to.equal('--max-old-space-size=$(V8_OLD_SPACE_MIB)');
  });

  it('sets measured memory requests and limits by default, and passes the in-flight byte budget', async () => {
    const container = webhookContainer(findOne<Deployment>(await render(helm), 'Deployment'));
    expect(container.resources).to.deep.include({ requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } });
    expect(container.args.slice(container.args.indexOf('--max-in-flight-bytes'))).to.deep.equal(['--max-in-flight-bytes', '33554432']);
  });

  it('passes a configured in-flight byte budget through', async () => {
    const container = webhookContainer(findOne<Deployment>(await render(helm, { values: { 'server.maxInFlightBytes': 33554432 } }), 'Deployment'));
    expect(container.args[container.args.indexOf('--max-in-flight-bytes') + 1]).to.equal('33554432');
  });
});
