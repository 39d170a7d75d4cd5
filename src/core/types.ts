/**
 * Plain data shared by the pure core and its callers. Only the fields the webhook reads or
 * writes are modelled; everything else in a Kubernetes object passes through untouched.
 */

/**
 * One RFC 6902 operation as sent to the API server: in admission answers (D15), and in the trigger
 * controller's writes, where `test` makes a concurrent change of the same field fail the patch
 * instead of being overwritten (D19).
 */
export interface PatchOperation {
  op: 'add' | 'replace' | 'test';
  path: string;
  value: unknown;
}

/** `resolveImages` and rule policies of OpenShift's ImagePolicyConfig. */
export type ResolveImagesPolicy = 'Attempt' | 'AttemptRewrite' | 'Required' | 'RequiredRewrite' | 'DoNotAttempt';

export const RESOLVE_IMAGES_POLICIES: readonly ResolveImagesPolicy[] = Object.freeze([
  'Attempt',
  'AttemptRewrite',
  'Required',
  'RequiredRewrite',
  'DoNotAttempt',
]);

export interface GroupResource {
  group: string;
  resource: string;
}

/** One entry of `resolutionRules`. */
export interface ResolutionRule {
  targetResource: GroupResource;
  localNames: boolean;
  policy: ResolveImagesPolicy;
}

/**
 * The configuration file's contract (issue 2, item 3); the Helm chart maps its values onto it.
 * `resolutionRules` undefined means "omitted": the upstream default rule list applies.
 */
export interface PolicyConfig {
  resolveImages: ResolveImagesPolicy;
  resolutionRules?: ResolutionRule[];
  internalRegistryHostname: string;
  alwaysPullImages: boolean;
  /**
   * D17: objects labelled `<optOutLabel>=true` are not resolved; AlwaysPullImages still applies to
   * them, since a label the tenant sets must not switch off an admin control. Undefined: no opt-out.
   */
  optOutLabel?: string;
}

export interface UserInfo {
  username: string;
  uid?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
}

/** The parts of an AdmissionRequest the core decides on, whatever AdmissionReview version carried it. */
export interface AdmissionAttributes {
  operation: string;
  /** group/version/kind of the object, used for rejection messages. */
  kind: { group: string; version: string; kind: string };
  resource: GroupResource;
  subResource: string;
  namespace: string;
  name: string;
  object: unknown;
  oldObject: unknown;
  dryRun: boolean;
  userInfo: UserInfo;
}

/*
 * The `image.openshift.io/v1` ImageStream model, with OpenShift's type and field names, shared by
 * the webhook (core, store), the import core and the controller. It describes objects as the API
 * server hands them over: on plain Kubernetes the project's CRD requires only what its schema
 * lists (tag names, `from.kind` and `from.name`, condition type and status), so every other field
 * may be absent, and readers must not assume what OpenShift's own API server would default.
 * Writers (the import) fill in every field OpenShift does.
 */

/** One image a tag pointed at, newest first in `NamedTagEventList.items`. */
export interface TagEvent {
  /** RFC 3339 time the event was recorded. */
  created?: string;
  /** Where the image can be pulled: `<registry>/<repository>@<digest>` for imports. */
  dockerImageReference?: string;
  /** The image's digest (`sha256:…`); empty for a `reference: true` tag. */
  image?: string;
  /** The spec tag generation this event answers. */
  generation?: number;
}

/** A condition of a status tag; the import writes `ImportSuccess=False` with the upstream reason. */
export interface TagEventCondition {
  type: string;
  status: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
  /** The spec tag generation the condition answers. */
  generation?: number;
}

/** `status.tags[]`: a tag's history and conditions. */
export interface NamedTagEventList {
  tag: string;
  items?: TagEvent[] | null;
  conditions?: TagEventCondition[] | null;
}

/** What `from` names: a `DockerImage`, or an `ImageStreamTag`/`ImageStreamImage` of some stream. */
export interface ObjectReference {
  kind: string;
  name: string;
  namespace?: string;
}

/** `spec.tags[].importPolicy`. */
export interface TagImportPolicy {
  insecure?: boolean;
  scheduled?: boolean;
  /** `Legacy` or `PreserveOriginal`. */
  importMode?: string;
}

/** `spec.tags[].referencePolicy`: `Source` pulls from where the image came from, `Local` from the stream's own repository. */
export interface TagReferencePolicy {
  type?: string;
}

/** `spec.tags[]`: a tag the user asks for. */
export interface TagReference {
  name: string;
  annotations?: Record<string, string> | null;
  from?: ObjectReference | null;
  reference?: boolean;
  /** Stamped by OpenShift's API server (or the stamping webhook) when the tag is new or changed; 0 asks for a re-import. */
  generation?: number | null;
  importPolicy?: TagImportPolicy | null;
  referencePolicy?: TagReferencePolicy | null;
}

export interface ImageLookupPolicy {
  /** Pods in the stream's namespace may name its tags by short name. */
  local?: boolean;
}

export interface ImageStreamSpec {
  lookupPolicy?: ImageLookupPolicy | null;
  /** A repository whose tags are all imported. */
  dockerImageRepository?: string;
  tags?: TagReference[] | null;
}

export interface ImageStreamStatus {
  /** The stream's own repository (`<internal registry>/<namespace>/<name>`). */
  dockerImageRepository?: string;
  publicDockerImageRepository?: string;
  tags?: NamedTagEventList[] | null;
}

/** The object metadata the project reads or writes. */
export interface ImageStreamMetadata {
  name: string;
  namespace?: string;
  /** Set by the API server; an Event names the stream by it. Projections may drop it. */
  uid?: string;
  generation?: number;
  resourceVersion?: string;
  annotations?: Record<string, string> | null;
}

/** `image.openshift.io/v1` ImageStream, as served by OpenShift or by this project's CRD. */
export interface ImageStream {
  apiVersion?: string;
  kind?: string;
  metadata: ImageStreamMetadata;
  spec?: ImageStreamSpec | null;
  status?: ImageStreamStatus | null;
}

/** A value now, or a promise of it when it has to be fetched. */
export type Awaitable<T> = T | Promise<T>;

/**
 * Everything the core may ask of the outside world, passed in so the core stays pure.
 * Implementations: in-memory maps (tests, `resolve` command, static `--imagestreams`), the
 * informer-backed cache and SubjectAccessReview client (serve). An answer held in memory is
 * returned as it is, not wrapped in a promise: a cache hit then costs no microtask per image.
 */
export interface Lookups {
  /** The ImageStream `namespace/name`, or undefined when it does not exist. */
  getImageStream(namespace: string, name: string): Awaitable<ImageStream | undefined>;
  /** D3: may `user` get imagestreams in `namespace`? */
  canGetImageStreams(user: UserInfo, namespace: string): Awaitable<boolean>;
  /** D2: does any ImageStream list `digest` in `status.tags[*].items[*].image`? */
  isDigestKnown(digest: string): Awaitable<boolean>;
}

/** Which webhook endpoint is deciding: `/mutate` patches, `/validate` only accepts or rejects. */
export type Phase = 'mutate' | 'validate';

/** Named outcome of a review, logged and counted by the edges. */
export type Outcome = 'Ignored' | 'Unchanged' | 'Mutated' | 'Rejected';

export interface Decision {
  allowed: boolean;
  outcome: Outcome;
  /** Why the request was ignored, when it was (e.g. `Subresource`). */
  reason?: string;
  /** Set when rejected: HTTP-style code (403 or 422) and the upstream-shaped message. */
  status?: { code: number; reason: 'Forbidden' | 'Invalid'; message: string };
  patch: PatchOperation[];
  warnings: string[];
  /** Number of container images the patch rewrites (for logs and metrics). */
  imagesChanged: number;
}
