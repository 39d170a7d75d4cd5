/**
 * Plain data of the import core: the parts of an `image.openshift.io/v1` ImageStream that image
 * import reads or writes (OpenShift's bookkeeping fields included: `metadata.generation`,
 * `spec.tags[].generation`, `status.tags[].items[].generation`, `status.tags[].conditions`), the
 * controller's import settings, and what one registry call returned. No I/O types live here.
 */
import type { ImportedImage, ImportMode, Platform, RegistryErrorReason } from '../registry/types.js';

export type { ImportedImage, ImportMode, Platform };

export interface ObjectReference {
  kind: string;
  name: string;
  namespace?: string;
}

export interface SpecTag {
  name: string;
  annotations?: Record<string, string> | null;
  from?: ObjectReference | null;
  reference?: boolean;
  /** Stamped by OpenShift's API server (or our webhook) when the tag is new or changed; 0 asks for a re-import. */
  generation?: number | null;
  importPolicy?: { scheduled?: boolean; insecure?: boolean; importMode?: string } | null;
  referencePolicy?: { type?: string } | null;
}

export interface TagEvent {
  created: string;
  dockerImageReference: string;
  image: string;
  generation: number;
}

export interface TagCondition {
  type: string;
  status: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
  generation: number;
}

export interface StatusTag {
  tag: string;
  items?: TagEvent[] | null;
  conditions?: TagCondition[] | null;
}

export interface ImageStreamStatus {
  dockerImageRepository?: string;
  publicDockerImageRepository?: string;
  tags?: StatusTag[] | null;
}

export interface ImportStream {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    generation?: number;
    resourceVersion?: string;
    annotations?: Record<string, string> | null;
  };
  spec?: { dockerImageRepository?: string; tags?: SpecTag[] | null; lookupPolicy?: { local?: boolean } | null } | null;
  status?: ImageStreamStatus | null;
}

/** The admin's import settings the pure core needs (a subset of the controller configuration). */
export interface ImportSettings {
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
  /** Registries imports may reach: empty allows all not blocked. Host or host:port, `*.` suffix wildcards. */
  allowedRegistries: readonly string[];
  blockedRegistries: readonly string[];
  /** At most this many repository tags imported from `spec.dockerImageRepository` (OpenShift: 50). */
  repositoryTagLimit: number;
}

/**
 * Why a tag is imported now; logged and counted. `ReimportRequested` is a user's request to ask the
 * registry again for an unchanged source (a spec tag's `generation` set to 0, or the repository
 * check annotation cleared), so it is never confused with a change of the source (`Changed`).
 */
export type ImportTrigger = 'New' | 'Changed' | 'ReimportRequested' | 'Scheduled';

/** A registry import the controller must run for one tag. */
export interface PlannedImport {
  tag: string;
  trigger: ImportTrigger;
  /** The generation the resulting event or condition records. */
  generation: number;
  reference: string;
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
export type StreamLookup = (namespace: string, name: string) => ImportStream | undefined;
