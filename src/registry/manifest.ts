import { createHash } from 'node:crypto';
import { formatDigestReference, type ImportReference } from '../core/import-reference.js';
import { errorForStatus, internalError, notFound } from './errors.js';
import { choosePlatformManifest, formatPlatform, type ManifestDescriptor } from './platform.js';
import type { FinalResponse } from './requester.js';
import { fetchAuthorized, type SessionDeps, type Target } from './session.js';
import type { ImageImportRequest, ImportedImage } from './types.js';

/** Manifest media types (matches the OCI image-spec and Docker distribution constants). */
export const MANIFEST_MEDIA_TYPES = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
} as const;

/**
 * Every type we handle, lists first: a registry answering a list without the list types in Accept
 * gives one platform's manifest (another digest), and OCI content without the OCI types gives 404.
 */
export const MANIFEST_ACCEPT = [MANIFEST_MEDIA_TYPES.ociIndex, MANIFEST_MEDIA_TYPES.dockerList,
  MANIFEST_MEDIA_TYPES.ociManifest, MANIFEST_MEDIA_TYPES.dockerManifest].join(', ');

const LIST_TYPES: ReadonlySet<string> = new Set([MANIFEST_MEDIA_TYPES.ociIndex, MANIFEST_MEDIA_TYPES.dockerList]);

function header(res: FinalResponse, name: string): string | undefined {
  const value = res.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function mediaTypeOf(res: FinalResponse): string {
  return (header(res, 'content-type') ?? '').split(';')[0]?.trim() ?? '';
}

const sha256 = (body: Buffer): string => `sha256:${createHash('sha256').update(body).digest('hex')}`;

function readEntries(body: Buffer): ManifestDescriptor[] | undefined {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { manifests?: unknown };
    return Array.isArray(parsed.manifests) ? (parsed.manifests as ManifestDescriptor[]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The digest `request` points at now: a HEAD with the full Accept list, its `Docker-Content-Digest`
 * taken as is (registries do not count a HEAD as a pull). A GET follows only when the HEAD gave no
 * digest, or when a `Legacy` import met a list/index and must pick the platform's manifest.
 */
export async function resolveManifest(deps: SessionDeps, target: Target, ref: ImportReference,
  request: ImageImportRequest): Promise<ImportedImage> {
  const reference = request.reference;
  const path = `/v2/${target.repository}/manifests/${ref.digest ?? ref.tag ?? 'latest'}`;
  const accept = { accept: MANIFEST_ACCEPT };
  const head = await fetchAuthorized(deps, target, 'manifest', 'HEAD', path, accept);
  if (head.status !== 200) throw errorForStatus(reference, target.host, head.status, head.retryAfterMs);
  const headDigest = header(head, 'docker-content-digest') ?? ref.digest;
  const headType = mediaTypeOf(head);
  const needsList = request.importMode === 'Legacy' && LIST_TYPES.has(headType);
  if (headDigest !== undefined && !needsList) {
    return { dockerImageReference: formatDigestReference(ref, headDigest), image: headDigest, mediaType: headType };
  }
  const get = await fetchAuthorized(deps, target, 'manifest', 'GET', path, accept);
  if (get.status !== 200) throw errorForStatus(reference, target.host, get.status, get.retryAfterMs);
  const digest = header(get, 'docker-content-digest') ?? sha256(get.body);
  if (ref.digest !== undefined && sha256(get.body) !== ref.digest) {
    throw internalError(reference, `the manifest ${target.host} served does not hash to ${ref.digest}`);
  }
  const mediaType = mediaTypeOf(get);
  if (request.importMode !== 'Legacy' || !LIST_TYPES.has(mediaType)) {
    return { dockerImageReference: formatDigestReference(ref, digest), image: digest, mediaType };
  }
  const entries = readEntries(get.body);
  if (entries === undefined) throw internalError(reference, `the manifest list ${target.host} served cannot be read`);
  const chosen = choosePlatformManifest(entries, request.platform);
  if (chosen === undefined || typeof chosen.digest !== 'string') {
    throw notFound(reference, `no manifest for platform ${formatPlatform(request.platform)}`);
  }
  const childType = typeof chosen.mediaType === 'string' ? chosen.mediaType : '';
  return { dockerImageReference: formatDigestReference(ref, chosen.digest), image: chosen.digest, mediaType: childType };
}
