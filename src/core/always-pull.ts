import { listContainers, listImageVolumes, type ContainerSlot, type PodSpecLocation } from './pod-spec.js';
import type { AdmissionAttributes } from './types.js';

/** AlwaysPullImages looks only at Pods themselves (no templates, no subresources). */
export function isPodRequest(attrs: AdmissionAttributes): boolean {
  return attrs.resource.group === '' && attrs.resource.resource === 'pods' && attrs.subResource === '';
}

/**
 * Every image string a pod pulls: init, regular and ephemeral containers, plus image volume
 * references (D7). `rewrites` (by container field path) substitutes resolved images (D6); `slots`
 * are the object's containers when the caller has listed them already.
 */
export function podImages(
  obj: unknown, location: PodSpecLocation, rewrites: ReadonlyMap<string, string> = new Map(), slots: readonly ContainerSlot[] = listContainers(obj, location),
): Set<string> {
  const images = new Set<string>();
  for (const slot of slots) {
    const image = rewrites.get(slot.fieldPath) ?? slot.container['image'];
    if (typeof image === 'string') images.add(image);
  }
  for (const volume of listImageVolumes(obj, location)) {
    const reference = volume.source['reference'];
    if (typeof reference === 'string') images.add(reference);
  }
  return images;
}

/**
 * An UPDATE that brings no image the old pod did not already have is exempt from both
 * halves of AlwaysPullImages. Set semantics: swapping images between containers is not new.
 */
export function hasNoNewImages(newImages: ReadonlySet<string>, oldObject: unknown, location: PodSpecLocation): boolean {
  const oldImages = podImages(oldObject, location);
  for (const image of newImages) if (!oldImages.has(image)) return false;
  return true;
}

/** One `Unsupported value` field error per container or image volume not pulling `Always`. */
export function pullPolicyViolations(obj: unknown, location: PodSpecLocation, slots: readonly ContainerSlot[] = listContainers(obj, location)): string[] {
  const errors: string[] = [];
  const reject = (fieldPath: string, value: unknown): void => {
    if (value !== 'Always') {
      errors.push(`${fieldPath}: Unsupported value: ${JSON.stringify(typeof value === 'string' ? value : '')}: supported values: "Always"`);
    }
  };
  for (const slot of slots) {
    reject(`${slot.fieldPath}.imagePullPolicy`, slot.container['imagePullPolicy']);
  }
  for (const volume of listImageVolumes(obj, location)) reject(`${volume.fieldPath}.pullPolicy`, volume.source['pullPolicy']);
  return errors;
}
