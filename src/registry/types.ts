/**
 * The contract between the import controller and the registry client: what the controller asks
 * for (one image reference, with the stream's import options and the namespace's pull secrets) and
 * what it gets back (a digest, or a RegistryError whose `reason` is one of OpenShift's import
 * condition reasons). The controller never speaks HTTP; the registry client never reads the
 * Kubernetes API.
 */
import { WebhookError } from '../errors.js';

/** `importPolicy.importMode` (PreserveOriginal when unset, D18): keep the manifest list/index, or pick one platform's manifest. */
export type ImportMode = 'Legacy' | 'PreserveOriginal';

/** An OCI platform, as in a manifest list's `platform` entry. */
export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

/**
 * One pull secret of the stream's namespace, as the controller read it: `type` is
 * `kubernetes.io/dockerconfigjson` or `kubernetes.io/dockercfg`; `data` is the Secret's data with
 * base64 values (as the API returns them). Secrets annotated `openshift.io/image.excludeSecret: "true"`
 * are dropped by the controller before they get here.
 */
export interface PullSecret {
  name: string;
  type: string;
  data: Record<string, string>;
}

export interface ImageImportRequest {
  /** `spec.tags[].from.name` of a DockerImage tag, e.g. `docker.io/library/ruby:2.5` or `127.0.0.1:5000/acme/app@sha256:…`. */
  reference: string;
  /** `importPolicy.insecure`, or the stream's `openshift.io/image.insecureRepository: "true"` annotation (a tag cannot override it). */
  insecure: boolean;
  importMode: ImportMode;
  /** Platform chosen for `Legacy` imports of a list/index (tag annotations, then the configured default). */
  platform: Platform;
  /** Candidate credentials; the client matches them to the registry the way the kubelet does. */
  pullSecrets: readonly PullSecret[];
}

export interface ImportedImage {
  /** What goes into a tag event's `dockerImageReference`: `<registry>/<repository>@<digest>`, normalised (`docker.io/library/ruby@sha256:…`). */
  dockerImageReference: string;
  /** The digest recorded as the tag event's `image`: the registry's `Docker-Content-Digest`. */
  image: string;
  /** The media type of the manifest the digest names (a list/index for PreserveOriginal multi-arch images). */
  mediaType: string;
}

/** OpenShift's `ImportSuccess=False` reasons (metav1.StatusReason values), plus our own refusals. */
export type RegistryErrorReason =
  | 'NotFound'
  | 'Unauthorized'
  | 'Forbidden'
  | 'BadRequest'
  | 'TooManyRequests'
  | 'InternalError'
  | 'Blocked';

/**
 * The end of OpenShift's message for a plain-HTTP registry asked without the insecure flag
 * (`the repository <name> is HTTP only and requires the insecure flag to import`, a `BadRequest`):
 * part of the contract because the import's retry rule tells this healable BadRequest from a
 * malformed reference by it, from the condition alone.
 */
export const HTTP_ONLY_SUFFIX = ' is HTTP only and requires the insecure flag to import';

/** True for the HTTP-only message: a BadRequest that the insecure flag (or the registry serving HTTPS) heals. */
export function isHttpOnlyMessage(message: string): boolean {
  return message.endsWith(HTTP_ONLY_SUFFIX);
}

/**
 * Thrown by the registry client when an import cannot produce a digest. `message` is the text the
 * controller writes into the `ImportSuccess` condition (OpenShift's wording, e.g.
 * `dockerimage.image.openshift.io "<ref>" not found`); it never contains credentials.
 */
export class RegistryError extends WebhookError {
  override name = 'RegistryError';
  /** The registry's HTTP status, when it answered. */
  readonly status: number | undefined;
  constructor(
    readonly reason: RegistryErrorReason,
    message: string,
    readonly reference: string,
    options?: { cause?: unknown; status?: number },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.status = options?.status;
  }
}

/** What the import controller needs from registries; `src/registry/` implements it. */
export interface RegistryClient {
  /** The digest a reference points at now (HEAD first; GET only for a Legacy list/index). */
  importImage(request: ImageImportRequest): Promise<ImportedImage>;
  /** The tags of a repository (`spec.dockerImageRepository` imports), in the registry's order. */
  listTags(request: Omit<ImageImportRequest, 'importMode' | 'platform'>): Promise<string[]>;
}
