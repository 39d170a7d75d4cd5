import { isLocalName, parseImageRef, type ImageRef } from './image-ref.js';
import { listContainers, type PodSpecLocation } from './pod-spec.js';
import type { Resolution, ResolveContext } from './resolver.js';
import type { GroupResource } from './types.js';

/**
 * D16: resources whose pod template the API server refuses to change after creation. Upstream never
 * rewrites their UPDATEs, so a re-applied manifest's short name would meet the stored digest and
 * fail the immutability check. (Builds are not rewritten on UPDATE either, but carry no pod spec
 * here.)
 */
export function hasImmutableTemplate(gr: GroupResource): boolean {
  return gr.group === 'batch' && gr.resource === 'jobs';
}

/**
 * The old object's image by container name, init containers first (the order in which upstream
 * looks old containers up), so an UPDATE's container is compared with the stored one of the same name.
 */
export function storedImagesByName(oldObject: unknown, location: PodSpecLocation): Map<unknown, unknown> {
  const images = new Map<unknown, unknown>();
  for (const old of listContainers(oldObject, location, ['initContainers', 'containers'])) {
    if (!images.has(old.container['name'])) images.set(old.container['name'], old.container['image']);
  }
  return images;
}

/**
 * D16: whether `image` (as re-applied) stands for `stored` (what the old object holds): its
 * current resolution is `stored`, or `stored` is pinned to a digest that some event of the tag's
 * history recorded as its `image`, as after the tag moved on since the object was created. The
 * digest names the content, so the stored reference is what the short name meant then. Then the
 * stored image is kept and the UPDATE changes nothing; anything else is left to the API server's
 * immutability check.
 */
export async function standsForStoredImage(
  image: string,
  stored: string,
  resolution: Resolution,
  ctx: ResolveContext,
): Promise<boolean> {
  if (resolution.resolved && resolution.pullSpec === stored) return true;
  const ref = tryParse(image);
  const digest = tryParse(stored)?.id ?? '';
  if (ref === undefined || digest === '' || ref.id !== '' || !(ctx.forced ? ref.name !== '' : isLocalName(ref))) return false;
  const stream = await ctx.lookups.getImageStream(ctx.namespace, ref.name);
  const tag = ref.tag === '' ? 'latest' : ref.tag;
  const history = stream?.status?.tags?.find((entry) => entry.tag === tag)?.items ?? [];
  return history.some((event) => event.image === digest);
}

function tryParse(image: string): ImageRef | undefined {
  try {
    return parseImageRef(image);
  } catch {
    return undefined;
  }
}
