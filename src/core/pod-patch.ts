import { listImageVolumes, type ContainerSlot, type PodSpecLocation } from './pod-spec.js';
import { defaultPullPolicy } from './pull-policy.js';
import type { PatchOperation } from './types.js';

/**
 * The JSON patch for one object (its containers `slots`, listed once per review): resolved images
 * (`replace`), and pull policies filled by Kubernetes' defaulting from the image as written or
 * forced to `Always` (AlwaysPullImages). Explicit `add` operations, one per changed field, so the
 * API server re-defaults nothing (a removed policy would come back derived from the digest) and
 * tables stay readable.
 */
export function buildPodPatch(
  obj: unknown,
  location: PodSpecLocation,
  slots: readonly ContainerSlot[],
  rewrites: ReadonlyMap<string, string>,
  forceAlways: boolean,
): PatchOperation[] {
  const ops: PatchOperation[] = [];
  const defaults = new Map<string, string>();
  const defaultFor = (image: string): string => {
    let policy = defaults.get(image);
    if (policy === undefined) defaults.set(image, (policy = defaultPullPolicy(image)));
    return policy;
  };
  for (const slot of slots) {
    const image = slot.container['image'];
    const resolved = rewrites.size === 0 ? undefined : rewrites.get(slot.fieldPath);
    if (resolved !== undefined) ops.push({ op: 'replace', path: `${slot.pointer}/image`, value: resolved });
    const policy = desiredPolicy(slot.container['imagePullPolicy'], image, forceAlways, defaultFor);
    if (policy !== undefined) ops.push({ op: 'add', path: `${slot.pointer}/imagePullPolicy`, value: policy });
  }
  for (const volume of listImageVolumes(obj, location)) {
    const policy = desiredPolicy(volume.source['pullPolicy'], volume.source['reference'], forceAlways, defaultFor);
    if (policy !== undefined) ops.push({ op: 'add', path: `${volume.pointer}/pullPolicy`, value: policy });
  }
  return ops;
}

/** The policy to write, or undefined when the current one stays; `defaultFor` is Kubernetes' defaulting, memoised per image. */
function desiredPolicy(current: unknown, image: unknown, forceAlways: boolean, defaultFor: (image: string) => string): string | undefined {
  const existing = typeof current === 'string' ? current : '';
  const wanted = forceAlways ? 'Always' : existing || defaultFor(typeof image === 'string' ? image : '');
  return wanted === existing ? undefined : wanted;
}
