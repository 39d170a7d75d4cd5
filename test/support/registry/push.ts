import { buildImage, sha256, type BuiltImage, type ImageKind, type PlatformSpec } from './image.js';
import { PushClient, type PushTarget } from './push-client.js';

export interface PushImageOptions {
  /** The registry: a TestRegistry, or any {url, caPem?, user?, password?}. */
  registry: PushTarget;
  repository: string;
  /** Tags to point at the image; with none, the image is pushed by digest only. */
  tags?: readonly string[];
  kind: ImageKind;
  /** What makes the image unique; same content → same digests. Defaults to `<repository>:<first tag>`. */
  content?: string;
  /** Adds an `unknown/unknown` attestation entry first in a list/index. */
  attestation?: boolean;
}

export interface PushedPlatform extends PlatformSpec {
  digest: string;
  mediaType: string;
}

export interface PushedImage {
  /** The digest the tags point at (the list/index digest for multi-arch kinds). */
  digest: string;
  mediaType: string;
  size: number;
  /** Per-platform manifests of a list/index in index order (including an attestation entry); `[]` otherwise. */
  platforms: PushedPlatform[];
}

async function pushBlob(client: PushClient, repository: string, blob: Buffer): Promise<void> {
  const digest = sha256(blob);
  const scope = `repository:${repository}:pull,push`;
  const head = await client.request('HEAD', `/v2/${repository}/blobs/${digest}`, scope);
  if (head.status === 200) return;
  const start = await client.request('POST', `/v2/${repository}/blobs/uploads/`, scope, {}, Buffer.alloc(0));
  const location = start.headers.location;
  if (start.status !== 202 || location === undefined) throw new Error(`start upload ${repository}: HTTP ${start.status}`);
  const upload = new URL(location, 'http://placeholder');
  upload.searchParams.set('digest', digest);
  const path = location.startsWith('http') ? new URL(location).pathname + upload.search : upload.pathname + upload.search;
  const put = await client.request('PUT', path, scope, { 'content-type': 'application/octet-stream' }, blob);
  if (put.status !== 201) throw new Error(`upload ${digest} to ${repository}: HTTP ${put.status} ${put.body.toString().slice(0, 200)}`);
}

async function putManifest(client: PushClient, repository: string, reference: string, bytes: Buffer, mediaType: string): Promise<void> {
  const res = await client.request('PUT', `/v2/${repository}/manifests/${reference}`, `repository:${repository}:pull,push`,
    { 'content-type': mediaType }, bytes);
  if (res.status !== 201) throw new Error(`put manifest ${repository}:${reference}: HTTP ${res.status} ${res.body.toString().slice(0, 200)}`);
  const answered = res.headers['docker-content-digest'];
  if (answered !== undefined && answered !== sha256(bytes)) {
    throw new Error(`put manifest ${repository}:${reference}: registry says ${String(answered)}, pushed ${sha256(bytes)}`);
  }
}

async function upload(client: PushClient, repository: string, image: BuiltImage, tags: readonly string[]): Promise<void> {
  for (const manifest of image.manifests) {
    for (const blob of manifest.blobs) await pushBlob(client, repository, blob);
    if (image.isList) await putManifest(client, repository, manifest.digest, manifest.bytes, manifest.mediaType);
  }
  const references = tags.length === 0 ? [image.top.digest] : tags;
  for (const ref of references) await putManifest(client, repository, ref, image.top.bytes, image.top.mediaType);
}

/**
 * Pushes a small real image to a registry over the distribution HTTP API (blobs first, then child
 * manifests by digest, then the top manifest under each tag) and returns its digests, which are
 * computed from the bytes sent and checked against the registry's `Docker-Content-Digest`.
 */
export async function pushImage(options: PushImageOptions): Promise<PushedImage> {
  const tags = options.tags ?? [];
  const image = buildImage(options.kind, options.content ?? `${options.repository}:${tags[0] ?? ''}`, options.attestation);
  const client = new PushClient(options.registry);
  try {
    await upload(client, options.repository, image, tags);
  } finally {
    client.close();
  }
  return {
    digest: image.top.digest, mediaType: image.top.mediaType, size: image.top.bytes.length,
    platforms: image.isList ? image.manifests.map((m) => ({ ...m.platform, digest: m.digest, mediaType: m.mediaType })) : [],
  };
}
