/**
 * Plain data of the import core beyond the ImageStream model (../core/types.ts): the controller's
 * import settings, what the import plans, and what one registry call returned. No I/O types live here.
 */
import type { RegistryLists } from '../core/registry-policy.js';
import type { ImageStream } from '../core/types.js';
import type { ImportedImage, ImportMode, Platform, RegistryErrorReason } from '../registry/types.js';

export type { ImportedImage, ImportMode, Platform };

/**
 * The admin's import settings the pure core needs (a subset of the controller configuration),
 * registry allow and block lists included (core/registry-policy.ts reads them).
 */
export interface ImportSettings extends RegistryLists {
  /** Events kept per tag, newest first (D18: 5). */
  historyLimit: number;
  /** Used when a tag's `importPolicy.importMode` is unset (D18: PreserveOriginal). */
  defaultImportMode: ImportMode;
  /** Used for Legacy imports when the tag has no `importer.image.openshift.io/prefer-*` annotations. */
  defaultPlatform: Platform;
  /** `status.dockerImageRepository` = `<host>/<namespace>/<name>` when set (D9); empty leaves it as is. */
  internalRegistryHostname: string;
  /** Remove status tags that no longer have a spec tag (upstream keeps them). */
  pruneRemovedTags: boolean;
  /** At most this many repository tags imported from `spec.dockerImageRepository` (OpenShift: 50). */
  repositoryTagLimit: number;
}

/**
 * Why a tag is imported now; logged and counted. `ReimportRequested` is a user's request to ask the
 * registry again for an unchanged source (a spec tag's `generation` set to 0, or the repository
 * check annotation cleared), so it is never confused with a change of the source (`Changed`).
 * `Retry` is a failed tag tried again by the controller (retry.ts).
 */
export type ImportTrigger = 'New' | 'Changed' | 'ReimportRequested' | 'Retry' | 'Scheduled';

/** A registry import the controller must run for one tag. */
export interface PlannedImport {
  tag: string;
  trigger: ImportTrigger;
  /** The generation the resulting event or condition records. */
  generation: number;
  reference: string;
  /** The registry's identity (`docker.io` for Docker Hub), for logs and metrics. */
  registry: string;
  insecure: boolean;
  importMode: ImportMode;
  platform: Platform;
}

/** A failed import, as the condition records it. */
export interface ImportFailure {
  reason: RegistryErrorReason | 'Invalid';
  message: string;
}

/** The result of one planned import: the image, or why not. */
export type ImportResult = { ok: true; image: ImportedImage } | { ok: false; failure: ImportFailure };

/** Another stream of the cluster, for ImageStreamTag/ImageStreamImage sources in other streams. */
export type StreamLookup = (namespace: string, name: string) => ImageStream | undefined;
