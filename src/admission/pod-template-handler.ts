/**
 * The image policy of pod templates behind the admission edge: short-name resolution, pull-policy
 * defaulting and AlwaysPullImages for every resource that carries a pod spec (docs/behaviour.md,
 * "Which requests"). The decision is the pure core's `review`; the admission layer adds the
 * trigger annotation's warnings (docs/triggers.md), which the pure core may not know about.
 */
import { podSpecLocation } from '../core/pod-spec.js';
import { andThen } from '../core/resolver.js';
import { review } from '../core/review.js';
import type { AdmissionAttributes, Decision, Lookups, PolicyConfig } from '../core/types.js';
import { triggerWarnings } from '../triggers/warnings.js';
import type { AdmissionHandler } from './edge.js';

export interface PodTemplateHandlerDeps {
  config: PolicyConfig;
  /** When set, read for every review instead of `config`: the policy file reloader's current policy. */
  currentConfig?: () => PolicyConfig;
  lookups: Lookups;
}

/**
 * Adds the trigger annotation's warnings to an allowed create or update, once per request (in the
 * mutating phase only, so `kubectl apply` prints each once). An object without the annotation
 * costs one property read and gets the decision back as it was.
 */
export function withTriggerWarnings(attrs: AdmissionAttributes, decision: Decision): Decision {
  if (!decision.allowed || attrs.subResource !== '' || (attrs.operation !== 'CREATE' && attrs.operation !== 'UPDATE')) return decision;
  const warnings = triggerWarnings(attrs.object, attrs.resource, attrs.namespace);
  return warnings.length === 0 ? decision : { ...decision, warnings: [...decision.warnings, ...warnings] };
}

export function createPodTemplateHandler(deps: PodTemplateHandlerDeps): AdmissionHandler {
  const currentConfig = deps.currentConfig ?? (() => deps.config);
  return {
    name: 'PodTemplate',
    // Every operation and subresource of such a resource is the policy's to decide (it lets most pass).
    handles: (attrs) => podSpecLocation(attrs.resource) !== undefined,
    decide: (attrs, phase) => {
      const decision = review(attrs, currentConfig(), deps.lookups, phase);
      return phase === 'mutate' ? andThen(decision, (d) => withTriggerWarnings(attrs, d)) : decision;
    },
  };
}
