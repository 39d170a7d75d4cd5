import { hasControllerOwner, resolvesAllNames } from './annotations.js';
import { getPath } from './object.js';
import { listContainers, type ContainerSlot, type PodSpecLocation } from './pod-spec.js';
import { coveringRules, effectiveRules, failOnResolutionFailure, requestsResolution, shouldRewrite } from './policy.js';
import { resolveImage, type Resolution, type ResolveContext } from './resolver.js';
import type { AdmissionAttributes, Lookups, PolicyConfig } from './types.js';
import { missWarning } from './warnings.js';

/** What OpenShift's ImagePolicy part decides for one request. */
export interface ImagePolicyResult {
  /** New image by container field path (`spec.containers[0]`); R22: only `image` changes. */
  rewrites: Map<string, string>;
  /** Field errors in Required modes (R28), each `<path>.image: Forbidden: …`. */
  errors: string[];
  /** R5: the request cannot be handled at all (403). */
  forbidden?: string;
  warnings: string[];
}

const EMPTY = (): ImagePolicyResult => ({ rewrites: new Map(), errors: [], warnings: [] });

/** R5's detail, verbatim from upstream. */
const NO_IMAGES = 'No list of images available for this object';

/**
 * Runs image-policy resolution (R3–R10, R21, R25–R29) over the containers of one request.
 * `location` is the resource's pod spec location; the caller has already applied R1/R2.
 */
export async function applyImagePolicy(
  attrs: AdmissionAttributes,
  location: PodSpecLocation,
  config: PolicyConfig,
  lookups: Lookups,
): Promise<ImagePolicyResult> {
  const matched = coveringRules(effectiveRules(config), attrs.resource);
  if (matched.length === 0 || hasControllerOwner(attrs.object)) return EMPTY();
  if (location.templateRequired && getPath(attrs.object, location.spec.slice(0, -1)) == null) {
    return { ...EMPTY(), forbidden: `unable to apply image policy against objects of type ${attrs.kind.kind}: ${NO_IMAGES}` };
  }
  if (!requestsResolution(config, matched)) return EMPTY();
  const isUpdate = attrs.operation === 'UPDATE';
  const forced = resolvesAllNames(attrs.object, location);
  const unchanged = isUpdate ? unchangedOnUpdate(attrs.oldObject, location, forced) : () => false;
  const slots = listContainers(attrs.object, location.spec, ['initContainers', 'containers']).filter((slot) => !unchanged(slot));
  const ctx: ResolveContext = {
    namespace: attrs.namespace,
    forced,
    internalRegistryHostname: config.internalRegistryHostname,
    checkDigests: failOnResolutionFailure(config),
    user: attrs.userInfo,
    lookups,
  };
  const memo = resolveAll(slots, ctx);
  const reported = new Set<string>();
  const result = EMPTY();
  for (const slot of slots) {
    const image = slot.container['image'];
    const pending = typeof image === 'string' ? memo.get(image) : undefined;
    if (pending === undefined || typeof image !== 'string') continue;
    const resolution = await pending;
    if (resolution.resolved) {
      if (resolution.pullSpec !== image && shouldRewrite(config, matched, attrs.resource, isUpdate, resolution.localRewrite)) {
        result.rewrites.set(slot.fieldPath, resolution.pullSpec);
      }
    } else if (reported.has(image)) {
      continue;
    } else {
      reported.add(image);
      if (failOnResolutionFailure(config)) {
        result.errors.push(`${slot.fieldPath}.image: Forbidden: this image is prohibited by policy: ${resolution.detail}`);
      } else if (resolution.miss) {
        result.warnings.push(missWarning(slot.fieldPath, image, attrs.namespace, resolution.miss));
      }
    }
  }
  return result;
}

/**
 * Starts resolving every distinct image at once, so a review whose images miss the cache waits
 * for the slowest live lookup rather than for their sum; results are still used in container
 * order. A rejection is marked handled here and rethrown where it is awaited.
 */
function resolveAll(slots: readonly ContainerSlot[], ctx: ResolveContext): Map<string, Promise<Resolution>> {
  const memo = new Map<string, Promise<Resolution>>();
  for (const slot of slots) {
    const image = slot.container['image'];
    if (typeof image !== 'string' || memo.has(image)) continue;
    const pending = resolveImage(image, ctx);
    pending.catch(() => undefined);
    memo.set(image, pending);
  }
  return memo;
}

/**
 * R7: on UPDATE a container is skipped when the old object has one of the same name (init
 * containers first) with the identical image, unless resolve-names was toggled. Returns the
 * test for one container, with the old containers indexed once per request.
 */
function unchangedOnUpdate(oldObject: unknown, location: PodSpecLocation, forced: boolean): (slot: ContainerSlot) => boolean {
  if (resolvesAllNames(oldObject, location) !== forced) return () => false;
  const oldImages = new Map<unknown, unknown>();
  for (const old of listContainers(oldObject, location.spec, ['initContainers', 'containers'])) {
    if (!oldImages.has(old.container['name'])) oldImages.set(old.container['name'], old.container['image']);
  }
  return (slot) => oldImages.has(slot.container['name']) && oldImages.get(slot.container['name']) === slot.container['image'];
}
