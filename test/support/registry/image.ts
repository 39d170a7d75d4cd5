import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

/** Manifest and blob media types of the two formats the registry stores. */
export const MEDIA_TYPES = {
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar+gzip',
} as const;

/** The four things a tag can point at: Docker schema 2, OCI manifest, Docker manifest list, OCI index. */
export type ImageKind = 'docker' | 'oci' | 'docker-list' | 'oci-index';
export const IMAGE_KINDS: readonly ImageKind[] = ['docker', 'oci', 'docker-list', 'oci-index'];

export interface PlatformSpec {
  os: string;
  architecture: string;
  variant?: string;
}

/** One manifest with its blobs, ready to upload. */
export interface BuiltManifest {
  platform: PlatformSpec;
  blobs: Buffer[];
  bytes: Buffer;
  mediaType: string;
  digest: string;
}

export interface BuiltImage {
  top: { bytes: Buffer; mediaType: string; digest: string };
  /** The platform manifests: the children of a list/index in index order, or the one manifest itself. */
  manifests: BuiltManifest[];
  /** True when `top` is a manifest list or index (its children are pushed by digest first). */
  isList: boolean;
}

export const sha256 = (data: Buffer): string => `sha256:${createHash('sha256').update(data).digest('hex')}`;
const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));

function tarEntry(name: string, body: Buffer, type: '0' | '5'): Buffer {
  const header = Buffer.alloc(512);
  const put = (offset: number, length: number, text: string): void => void header.write(text, offset, length, 'ascii');
  const octal = (offset: number, length: number, n: number): void => put(offset, length, `${n.toString(8).padStart(length - 1, '0')}\0`);
  put(0, 100, name);
  octal(100, 8, type === '5' ? 0o755 : 0o644);
  octal(108, 8, 0);
  octal(116, 8, 0);
  octal(124, 12, body.length);
  octal(136, 12, 1767225600); // fixed mtime, so equal content gives an equal layer digest
  put(148, 8, '        ');
  put(156, 1, type);
  put(257, 6, 'ustar\0');
  put(263, 2, '00');
  let sum = 0;
  for (const byte of header) sum += byte;
  put(148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return Buffer.concat([header, body, Buffer.alloc((512 - (body.length % 512)) % 512)]);
}

function platformName(p: PlatformSpec): string {
  return `${p.os}/${p.architecture}${p.variant === undefined ? '' : `/${p.variant}`}`;
}

/** A real single-layer image for one platform: a gzip'd tar with one file and a config whose diff_ids match. */
function buildPlatformManifest(content: string, platform: PlatformSpec, oci: boolean): BuiltManifest {
  const tar = Buffer.concat([tarEntry('etc/', Buffer.alloc(0), '5'),
    tarEntry('etc/test-image', Buffer.from(`${content}\n${platformName(platform)}\n`), '0'), Buffer.alloc(1024)]);
  const layer = gzipSync(tar, { level: 9 });
  const config = json({
    architecture: platform.architecture, ...(platform.variant === undefined ? {} : { variant: platform.variant }),
    os: platform.os, created: '2026-01-01T00:00:00Z',
    config: { Cmd: ['/bin/sh'], Labels: { 'test.image.content': content } },
    rootfs: { type: 'layers', diff_ids: [sha256(tar)] },
  });
  const mediaType = oci ? MEDIA_TYPES.ociManifest : MEDIA_TYPES.dockerManifest;
  const bytes = json({
    schemaVersion: 2, mediaType,
    config: { mediaType: oci ? MEDIA_TYPES.ociConfig : MEDIA_TYPES.dockerConfig, size: config.length, digest: sha256(config) },
    layers: [{ mediaType: oci ? MEDIA_TYPES.ociLayer : MEDIA_TYPES.dockerLayer, size: layer.length, digest: sha256(layer) }],
  });
  return { platform, blobs: [config, layer], bytes, mediaType, digest: sha256(bytes) };
}

export const MULTIARCH_PLATFORMS: readonly PlatformSpec[] = [
  { os: 'linux', architecture: 'amd64' },
  { os: 'linux', architecture: 'arm64', variant: 'v8' },
];

/**
 * Builds an image of `kind` from `content` deterministically: the same content gives the same
 * digests, new content under an old tag moves the tag. Multi-arch kinds hold linux/amd64 and
 * linux/arm64/v8; with `attestation`, an `unknown/unknown` entry (as BuildKit adds) comes FIRST, so
 * a client that takes the first entry, or any `unknown` one, is caught by the tests.
 */
export function buildImage(kind: ImageKind, content: string, attestation = false): BuiltImage {
  const oci = kind === 'oci' || kind === 'oci-index';
  if (kind === 'docker' || kind === 'oci') {
    const only = buildPlatformManifest(content, { os: 'linux', architecture: 'amd64' }, oci);
    return { top: { bytes: only.bytes, mediaType: only.mediaType, digest: only.digest }, manifests: [only], isList: false };
  }
  const platforms = attestation ? [{ os: 'unknown', architecture: 'unknown' }, ...MULTIARCH_PLATFORMS] : MULTIARCH_PLATFORMS;
  const children = platforms.map((p) => buildPlatformManifest(content, p, oci));
  const mediaType = oci ? MEDIA_TYPES.ociIndex : MEDIA_TYPES.dockerList;
  const bytes = json({
    schemaVersion: 2, mediaType,
    manifests: children.map((c) => ({ mediaType: c.mediaType, size: c.bytes.length, digest: c.digest, platform: c.platform,
      ...(c.platform.os === 'unknown' ? { annotations: { 'vnd.docker.reference.type': 'attestation-manifest' } } : {}) })),
  });
  return { top: { bytes, mediaType, digest: sha256(bytes) }, manifests: children, isList: true };
}
