/**
 * The pod-template handler's answer carries the trigger annotation's warnings (docs/triggers.md,
 * "Warnings at admission"): once per request, only for creates and updates, and only when the
 * object has the annotation.
 */
import { expect } from 'chai';
import { createPodTemplateHandler } from '../../src/admission/pod-template-handler.js';
import { createStaticLookups } from '../../src/core/static-lookups.js';
import type { AdmissionAttributes, Decision, Phase } from '../../src/core/types.js';
import { ALL, attrs, C0, workload } from '../helpers/builders.js';

const handler = createPodTemplateHandler({ config: C0, lookups: createStaticLookups(ALL, 'myproject') });
const TRIGGERS = 'image.openshift.io/triggers';
const NON_CANONICAL = '[{"from":{"kind":"ImageStreamTag","name":"app:v1"},"fieldPath":"spec.template.spec.containers[?(@.name=\'web\')].image"}]';
const CANONICAL = '[{"from":{"kind":"ImageStreamTag","name":"app:v1"},"fieldPath":"spec.template.spec.containers[?(@.name==\\"web\\")].image"}]';

const deployment = (annotation?: string): Record<string, unknown> =>
  workload('apps/v1', 'Deployment', { containers: [{ name: 'web', image: 'quay.io/acme/app@sha256:' + 'a'.repeat(64) }] }, annotation === undefined ? {} : { annotations: { [TRIGGERS]: annotation } });

async function decide(request: AdmissionAttributes, phase: Phase = 'mutate'): Promise<Decision> {
  return handler.decide(request, phase);
}

describe('pod-template handler: trigger annotation warnings', () => {
  it('warns about a non-canonical field path, naming the canonical one', async () => {
    const decision = await decide(attrs(deployment(NON_CANONICAL)));
    expect(decision.allowed).to.equal(true);
    expect(decision.warnings).to.deep.equal([
      'image.openshift.io/triggers[0].fieldPath spec.template.spec.containers[?(@.name=\'web\')].image is not canonical; write spec.template.spec.containers[?(@.name=="web")].image',
    ]);
  });

  it('warns about a trigger naming no container, on update too', async () => {
    const annotation = CANONICAL.replace('web', 'db');
    const decision = await decide(attrs(deployment(annotation), { operation: 'UPDATE' }));
    expect(decision.warnings).to.deep.equal(['image.openshift.io/triggers[0].fieldPath: no such container: db']);
  });

  it('says nothing about a canonical annotation or an object without one', async () => {
    expect((await decide(attrs(deployment(CANONICAL)))).warnings).to.deep.equal([]);
    expect((await decide(attrs(deployment()))).warnings).to.deep.equal([]);
  });

  it('warns once per request: not in the validating phase, and not on delete', async () => {
    expect((await decide(attrs(deployment(NON_CANONICAL)), 'validate')).warnings).to.deep.equal([]);
    expect((await decide(attrs(deployment(NON_CANONICAL), { operation: 'DELETE' }))).warnings).to.deep.equal([]);
  });
});
