import type { Platform } from './types.js';

/** A manifest list / image index entry, only the fields the choice reads. */
export interface ManifestDescriptor {
  mediaType?: unknown;
  digest?: unknown;
  platform?: { os?: unknown; architecture?: unknown; variant?: unknown };
  annotations?: unknown;
}

/** BuildKit marks provenance/SBOM manifests this way (and gives them platform `unknown/unknown`). */
const REFERENCE_TYPE_ANNOTATION = 'vnd.docker.reference.type';

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Variants that mean the same thing (`arm64` images are `v8` unless they say otherwise; `amd64` is `v1`). */
function normalVariant(architecture: string, variant: string): string {
  if (architecture === 'arm64' && variant === '') return 'v8';
  if (architecture === 'amd64' && variant === '') return 'v1';
  return variant;
}

function isAttestation(entry: ManifestDescriptor): boolean {
  const os = text(entry.platform?.os);
  const annotations = entry.annotations;
  const marked = typeof annotations === 'object' && annotations !== null
    && Object.hasOwn(annotations, REFERENCE_TYPE_ANNOTATION);
  return os === 'unknown' || os === '' || marked;
}

/**
 * The entry of a manifest list or image index that a `Legacy` import records for `wanted`: same OS
 * and architecture, and the same variant when `wanted` names one (else the first entry that fits).
 * Attestation entries (`unknown/unknown`, or annotated as a reference) are never chosen. Returns
 * `undefined` when nothing fits; the caller reports that as NotFound for the platform.
 */
export function choosePlatformManifest(entries: readonly ManifestDescriptor[], wanted: Platform): ManifestDescriptor | undefined {
  const wantedVariant = wanted.variant === undefined || wanted.variant === '' ? undefined : normalVariant(wanted.architecture, wanted.variant);
  for (const entry of entries) {
    if (isAttestation(entry) || typeof entry.digest !== 'string') continue;
    const architecture = text(entry.platform?.architecture);
    if (text(entry.platform?.os) !== wanted.os || architecture !== wanted.architecture) continue;
    const variant = normalVariant(architecture, text(entry.platform?.variant));
    if (wantedVariant === undefined || variant === wantedVariant) return entry;
  }
  return undefined;
}

/** `os/architecture[/variant]`, for messages. */
export function formatPlatform(p: Platform): string {
  return `${p.os}/${p.architecture}${p.variant === undefined || p.variant === '' ? '' : `/${p.variant}`}`;
}
