import { hasControllerOwner, isOptedOut, resolvesAllNames } from './annotations.js';
import { getPath } from './object.js';
import type { ContainerSlot, PodSpecLocation } from './pod-spec.js';
import { coveringRules, effectiveRules, failOnResolutionFailure, requestsResolution, shouldRewrite } from './policy.js';
import { hasImmutableTemplate, standsForStoredImage, storedImagesByName } from './reapply.js';
import { resolveImage, type Resolution, type ResolveContext } from './resolver.js';
import type { AdmissionAttributes, Awaitable, Lookups, PolicyConfig, ResolutionRule } from './types.js';
import { fallbackWarning, missWarning } from './warnings.js';

/** What OpenShift's ImagePolicy part decides for one request. */
export interface ImagePolicyResult {
  /** New image by container field path (`spec.containers[0]`); resolution changes nothing but `image`. */
  rewrites: Map<string, string>;
  /** Field errors in Required modes, one per distinct failing image, each `<path>.image: Forbidden: …`. */
  errors: string[];
  /** The request cannot be handled at all (403): a ReplicationController whose template is null. */
  forbidden?: string;
  warnings: string[];
}

const EMPTY = (): ImagePolicyResult => ({ rewrites: new Map(), errors: [], warnings: [] });

/** Upstream's detail for an object without a pod template, verbatim. */
const NO_IMAGES = 'No list of images available for this object';

/** One request's fixed inputs, shared by the decisions about each of its containers. */
interface RequestScope {
  attrs: AdmissionAttributes;
  config: PolicyConfig;
  matched: readonly ResolutionRule[];
  ctx: ResolveContext;
  /** D16: the old object's images by container name when its template is immutable. */
  stored?: ReadonlyMap<unknown, unknown>;
}

/**
 * Runs image-policy resolution (covering rules, controller owners, the resolve-names annotation, UPDATE
 * skips, rewrite and failure policy, D16, D17) over the containers of one request.
 * `location` is the resource's pod spec location and `containers` its containers of every list
 * (ephemeral ones are never resolved); the caller has already let through only CREATE and UPDATE
 * of whole objects (no subresources).
 */
export function applyImagePolicy(
  attrs: AdmissionAttributes,
  location: PodSpecLocation,
  containers: readonly ContainerSlot[],
  config: PolicyConfig,
  lookups: Lookups,
): Awaitable<ImagePolicyResult> {
  const matched = coveringRules(effectiveRules(config), attrs.resource);
  if (matched.length === 0 || hasControllerOwner(attrs.object) || isOptedOut(attrs.object, config.optOutLabel)) return EMPTY();
  if (location.templateRequired && getPath(attrs.object, location.spec.slice(0, -1)) == null) {
    return { ...EMPTY(), forbidden: `unable to apply image policy against objects of type ${attrs.kind.kind}: ${NO_IMAGES}` };
  }
  if (!requestsResolution(config, matched)) return EMPTY();
  const { scope, unchanged } = createScope(attrs, location, config, lookups, matched);
  const slots = containers.filter((slot) => slot.list !== 'ephemeralContainers' && !unchanged(slot));
  const memo = resolveAll(slots, scope.ctx);
  // Decided at once when every image was answered from memory and D16 has nothing to look up.
  let settled = scope.stored === undefined;
  for (const pending of memo.values()) settled &&= !(pending instanceof Promise);
  return settled ? decideAll(scope, slots, memo as Map<string, Resolution>) : settle(scope, slots, memo);
}

/** Waits for the live lookups, then for D16's checks of stored images (Jobs), then decides. */
async function settle(scope: RequestScope, slots: readonly ContainerSlot[], memo: Map<string, Awaitable<Resolution>>): Promise<ImagePolicyResult> {
  const resolutions = new Map<string, Resolution>();
  for (const [image, pending] of memo) resolutions.set(image, await pending);
  const kept = new Map<ContainerSlot, string>();
  for (const slot of slots) {
    const image = slot.container['image'];
    const stored = scope.stored?.get(slot.container['name']);
    const resolution = typeof image === 'string' ? resolutions.get(image) : undefined;
    if (typeof stored !== 'string' || typeof image !== 'string' || stored === image || resolution === undefined) continue;
    if (await standsForStoredImage(image, stored, resolution, scope.ctx)) kept.set(slot, stored);
  }
  return decideAll(scope, slots, resolutions, kept);
}

/** Every container's outcome in container order; `kept` containers keep their stored image (D16). */
function decideAll(
  scope: RequestScope, slots: readonly ContainerSlot[], resolutions: ReadonlyMap<string, Resolution>, kept?: ReadonlyMap<ContainerSlot, string>,
): ImagePolicyResult {
  const reported = new Set<string>();
  const result = EMPTY();
  for (const slot of slots) {
    const image = slot.container['image'];
    const resolution = typeof image === 'string' ? resolutions.get(image) : undefined;
    if (resolution === undefined || typeof image !== 'string') continue;
    const stored = kept?.get(slot);
    if (stored !== undefined) result.rewrites.set(slot.fieldPath, stored);
    else decideContainer(scope, slot, image, resolution, reported, result);
  }
  return result;
}

/**
 * Starts resolving every distinct image at once, so a review whose images miss the cache waits
 * for the slowest live lookup rather than for their sum; results are still used in container
 * order. Images answered from memory are resolved here and then. A rejection is marked handled
 * here and rethrown where it is awaited.
 */
function resolveAll(slots: readonly ContainerSlot[], ctx: ResolveContext): Map<string, Awaitable<Resolution>> {
  const memo = new Map<string, Awaitable<Resolution>>();
  for (const slot of slots) {
    const image = slot.container['image'];
    if (typeof image !== 'string' || memo.has(image)) continue;
    const pending = resolveImage(image, ctx);
    if (pending instanceof Promise) pending.catch(() => undefined);
    memo.set(image, pending);
  }
  return memo;
}

/**
 * The request's scope, and the test for containers an UPDATE leaves unchanged (same name, same
 * image, resolve-names not toggled), with the old containers indexed once per request.
 */
function createScope(
  attrs: AdmissionAttributes, location: PodSpecLocation, config: PolicyConfig, lookups: Lookups, matched: readonly ResolutionRule[],
): { scope: RequestScope; unchanged: (slot: ContainerSlot) => boolean } {
  const isUpdate = attrs.operation === 'UPDATE';
  const forced = resolvesAllNames(attrs.object, location);
  const stored = isUpdate ? storedImagesByName(attrs.oldObject, location) : new Map<unknown, unknown>();
  const unchanged = isUpdate && resolvesAllNames(attrs.oldObject, location) === forced
    ? (slot: ContainerSlot) => stored.has(slot.container['name']) && stored.get(slot.container['name']) === slot.container['image']
    : () => false;
  const ctx: ResolveContext = {
    namespace: attrs.namespace, forced, internalRegistryHostname: config.internalRegistryHostname,
    checkDigests: failOnResolutionFailure(config), user: attrs.userInfo, lookups,
  };
  const scope: RequestScope = { attrs, config, matched, ctx, ...(isUpdate && hasImmutableTemplate(attrs.resource) ? { stored } : {}) };
  return { scope, unchanged };
}

/**
 * One container's outcome once D16 has not kept its stored image: a rewrite (if the rules write
 * it back), or on failure a field error (Required modes) or a warning (D14), reported once per distinct image string.
 */
function decideContainer(
  scope: RequestScope, slot: ContainerSlot, image: string, resolution: Resolution, reported: Set<string>, result: ImagePolicyResult,
): void {
  const { attrs, config } = scope;
  if (resolution.resolved) {
    if (resolution.pullSpec !== image && shouldRewrite(config, scope.matched, attrs.resource, attrs.operation === 'UPDATE', resolution.localRewrite)) {
      result.rewrites.set(slot.fieldPath, resolution.pullSpec);
      if (resolution.fallback !== undefined && !reported.has(image)) {
        reported.add(image);
        result.warnings.push(fallbackWarning(slot.fieldPath, image, attrs.namespace, resolution.pullSpec, resolution.fallback));
      }
    }
    return;
  }
  if (reported.has(image)) return;
  reported.add(image);
  if (failOnResolutionFailure(config)) {
    result.errors.push(`${slot.fieldPath}.image: Forbidden: this image is prohibited by policy: ${resolution.detail}`);
  } else if (resolution.miss) {
    result.warnings.push(missWarning(slot.fieldPath, image, attrs.namespace, resolution.miss));
  }
}
