import { hasNoNewImages, isPodRequest, podImages, pullPolicyViolations } from './always-pull.js';
import { applyImagePolicy, type ImagePolicyResult } from './image-policy.js';
import { forbiddenEachMessage, forbiddenMessage, invalidMessage } from './messages.js';
import { buildPodPatch } from './pod-patch.js';
import { listContainers, podSpecLocation, type ContainerSlot, type PodSpecLocation } from './pod-spec.js';
import { andThen } from './resolver.js';
import { shouldIgnore } from './should-ignore.js';
import type { AdmissionAttributes, Awaitable, Decision, Lookups, Phase, PolicyConfig } from './types.js';

const allow = (outcome: Decision['outcome'], reason?: string): Decision => ({
  allowed: true,
  outcome,
  ...(reason === undefined ? {} : { reason }),
  patch: [],
  warnings: [],
  imagesChanged: 0,
});

const reject = (code: 403 | 422, message: string): Decision => ({
  allowed: false,
  outcome: 'Rejected',
  status: { code, reason: code === 403 ? 'Forbidden' : 'Invalid', message },
  patch: [],
  warnings: [],
  imagesChanged: 0,
});

/**
 * Decides one admission request (image policy, pull-policy defaulting, AlwaysPullImages; D1–D15).
 * `mutate` resolves images, defaults pull policies and applies AlwaysPullImages' mutation;
 * `validate` re-checks resolution in Required modes and enforces AlwaysPullImages (every pull
 * policy `Always`) on the final object. Pure apart from `lookups`.
 */
export function review(
  attrs: AdmissionAttributes,
  config: PolicyConfig,
  lookups: Lookups,
  phase: Phase,
): Awaitable<Decision> {
  const ignored = shouldIgnore(attrs);
  const location = podSpecLocation(attrs.resource);
  if (ignored !== undefined || location === undefined) return allow('Ignored', ignored);
  // One walk of the pod spec serves resolution, AlwaysPullImages and the patch.
  const slots = listContainers(attrs.object, location);
  // Synchronous when every lookup was answered from memory: no promise, no microtask.
  return andThen(applyImagePolicy(attrs, location, slots, config, lookups), (policy) => decide(attrs, config, phase, location, slots, policy));
}

function decide(
  attrs: AdmissionAttributes, config: PolicyConfig, phase: Phase, location: PodSpecLocation, slots: readonly ContainerSlot[], policy: ImagePolicyResult,
): Decision {
  if (policy.forbidden !== undefined) return reject(403, forbiddenMessage(attrs, [policy.forbidden]));
  if (policy.errors.length > 0) return reject(422, invalidMessage(attrs, policy.errors));
  const rewrites = phase === 'mutate' ? policy.rewrites : new Map<string, string>();
  const alwaysPull = config.alwaysPullImages && alwaysPullApplies(attrs, location, slots, rewrites);
  if (phase === 'validate') {
    const violations = alwaysPull ? pullPolicyViolations(attrs.object, location, slots) : [];
    return violations.length > 0 ? reject(403, forbiddenEachMessage(attrs, violations)) : allow('Unchanged');
  }
  const patch = buildPodPatch(attrs.object, location, slots, rewrites, alwaysPull);
  return {
    allowed: true,
    outcome: patch.length > 0 ? 'Mutated' : 'Unchanged',
    patch,
    warnings: policy.warnings,
    imagesChanged: rewrites.size,
  };
}

/** AlwaysPullImages: Pods only, and on UPDATE only when an image (after resolution, D6) is new. */
function alwaysPullApplies(
  attrs: AdmissionAttributes, location: PodSpecLocation, slots: readonly ContainerSlot[], rewrites: ReadonlyMap<string, string>,
): boolean {
  if (!isPodRequest(attrs)) return false;
  if (attrs.operation !== 'UPDATE') return true;
  return !hasNoNewImages(podImages(attrs.object, location, rewrites, slots), attrs.oldObject, location);
}
