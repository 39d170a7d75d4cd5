/**
 * The image policy of pod templates behind the admission edge: short-name resolution, pull-policy
 * defaulting and AlwaysPullImages for every resource that carries a pod spec (docs/behaviour.md,
 * "Which requests"). The decision is the pure core's `review`.
 */
import { podSpecLocation } from '../core/pod-spec.js';
import { review } from '../core/review.js';
import type { Lookups, PolicyConfig } from '../core/types.js';
import type { AdmissionHandler } from './edge.js';

export interface PodTemplateHandlerDeps {
  config: PolicyConfig;
  /** When set, read for every review instead of `config`: the policy file reloader's current policy. */
  currentConfig?: () => PolicyConfig;
  lookups: Lookups;
}

export function createPodTemplateHandler(deps: PodTemplateHandlerDeps): AdmissionHandler {
  const currentConfig = deps.currentConfig ?? (() => deps.config);
  return {
    name: 'PodTemplate',
    // Every operation and subresource of such a resource is the policy's to decide (it lets most pass).
    handles: (attrs) => podSpecLocation(attrs.resource) !== undefined,
    decide: (attrs, phase) => review(attrs, currentConfig(), deps.lookups, phase),
  };
}
