/**
 * One stream's import round: plan (pure), ask the registry for each planned tag, compute the next
 * status (pure). The registry, pull secrets, other streams and the clock are passed in, so the
 * same function runs in the controller and in the table tests with an in-memory registry.
 */
import { nextStatus } from '../import/next-status.js';
import { crossNamespaceSources } from '../import/sources.js';
import { planImports, repositoryImports, type ImportDemand, type StreamPlan } from '../import/plan.js';
import type { ImageStream, ImageStreamStatus } from '../core/types.js';
import type { ImportFailure, ImportResult, ImportSettings, PlannedImport, StreamLookup } from '../import/types.js';
import { RegistryError, type PullSecret, type RegistryClient } from '../registry/types.js';

/** What one registry import did, for the log line and metrics (never credentials). */
export interface ImportRecord {
  namespace: string;
  stream: string;
  tag: string;
  trigger: PlannedImport['trigger'];
  registry: string;
  reference: string;
  /** The recorded digest on success. */
  digest?: string;
  outcome: 'Imported' | 'Failed';
  reason?: string;
  /** The condition's message of a failure (RegistryError messages never carry credentials). */
  message?: string;
  durationMs: number;
}

export interface ImportDeps {
  /** For scheduled checks: may answer from a check of the same reference a few seconds old. */
  registry: RegistryClient;
  /**
   * For new, changed and requested tags, where the user may have pushed a moment ago: asks the
   * registry now (identical requests in flight are still shared). Defaults to `registry`.
   */
  freshRegistry?: RegistryClient;
  /** The namespace's pull secrets; called at most once per round, and only when a registry import runs. */
  pullSecrets(namespace: string): Promise<PullSecret[]>;
  settings: ImportSettings;
  lookup: StreamLookup;
  /**
   * Whether streams of namespace `target` may use streams of namespace `source` as tag sources
   * (a SubjectAccessReview for `target`'s service accounts); rejects when it cannot be asked.
   */
  mayUseNamespace(target: string, source: string): Promise<boolean>;
  /** Monotonic milliseconds for durations. */
  elapsedMs(): number;
  onImport(record: ImportRecord): void;
}

export interface ImportRound {
  plan: StreamPlan;
  repositoryImports: PlannedImport[];
  results: Map<string, ImportResult>;
  /** Set when listing `spec.dockerImageRepository` failed (there is no status field for it; it is logged). */
  repositoryFailure: ImportFailure | undefined;
  /** The other namespaces this stream's tags may take images from. */
  readableNamespaces: Set<string>;
}

/** The failure a condition records; anything but a RegistryError is an InternalError without details. */
export function failureOf(err: unknown, reference: string): ImportFailure {
  if (err instanceof RegistryError) return { reason: err.reason, message: err.message };
  return { reason: 'InternalError', message: `Internal error occurred: importing "${reference}" failed` };
}

/**
 * Identity of a registry request, so a conflict retry reuses the answers it already has. The
 * generation is part of it: when the fresh object asks for a newer one (a re-import requested
 * while the first attempt was writing), the registry is asked again rather than the older answer
 * being recorded as the newer request's result.
 */
export function requestKey(planned: PlannedImport): string {
  return JSON.stringify([planned.reference, planned.insecure, planned.importMode, planned.platform, planned.generation]);
}

type SecretsOnce = () => Promise<PullSecret[]>;

async function importOne(stream: ImageStream, planned: PlannedImport, secrets: SecretsOnce, deps: ImportDeps): Promise<ImportResult> {
  const started = deps.elapsedMs();
  let result: ImportResult;
  try {
    const client = planned.trigger === 'Scheduled' ? deps.registry : (deps.freshRegistry ?? deps.registry);
    const image = await client.importImage({
      reference: planned.reference,
      insecure: planned.insecure,
      importMode: planned.importMode,
      platform: planned.platform,
      pullSecrets: await secrets(),
    });
    result = { ok: true, image };
  } catch (err) {
    result = { ok: false, failure: failureOf(err, planned.reference) };
  }
  deps.onImport({
    namespace: stream.metadata.namespace ?? '',
    stream: stream.metadata.name,
    tag: planned.tag,
    trigger: planned.trigger,
    registry: planned.registry,
    reference: planned.reference,
    ...(result.ok ? { digest: result.image.image, outcome: 'Imported' } : { outcome: 'Failed', reason: result.failure.reason, message: result.failure.message }),
    durationMs: deps.elapsedMs() - started,
  });
  return result;
}

async function listRepository(stream: ImageStream, plan: StreamPlan, secrets: SecretsOnce, deps: ImportDeps): Promise<{ imports: PlannedImport[]; failure?: ImportFailure }> {
  const repository = plan.repository;
  if (repository === undefined) return { imports: [] };
  if (repository.refusal !== undefined) return { imports: [], failure: repository.refusal };
  try {
    const tags = await deps.registry.listTags({ reference: repository.repository, insecure: repository.insecure, pullSecrets: await secrets() });
    return { imports: repositoryImports(stream, repository, tags, deps.settings) };
  } catch (err) {
    return { imports: [], failure: failureOf(err, repository.repository) };
  }
}

async function readableNamespaces(stream: ImageStream, deps: ImportDeps): Promise<Set<string>> {
  const target = stream.metadata.namespace ?? '';
  const sources = [...crossNamespaceSources(stream)];
  const allowed = await Promise.all(sources.map((source) => deps.mayUseNamespace(target, source)));
  return new Set(sources.filter((_, i) => allowed[i]));
}

/**
 * Runs the registry imports the stream needs now. `reuse` holds answers from an earlier attempt
 * of the same round (a write conflict re-plans on the fresh object but asks the registry only for
 * what is new). Imports run one after another: the shared limiter paces registries anyway.
 */
export async function runImports(stream: ImageStream, demand: ImportDemand, deps: ImportDeps, reuse = new Map<string, ImportResult>()): Promise<ImportRound> {
  const plan = planImports(stream, deps.settings, demand);
  let loaded: Promise<PullSecret[]> | undefined;
  const secrets: SecretsOnce = () => (loaded ??= deps.pullSecrets(stream.metadata.namespace ?? ''));
  const readable = await readableNamespaces(stream, deps);
  const repository = await listRepository(stream, plan, secrets, deps);
  const results = new Map<string, ImportResult>();
  for (const planned of [...plan.imports, ...repository.imports]) {
    const key = requestKey(planned);
    const result = reuse.get(key) ?? (await importOne(stream, planned, secrets, deps));
    reuse.set(key, result);
    results.set(planned.tag, result);
  }
  return { plan, repositoryImports: repository.imports, results, repositoryFailure: repository.failure, readableNamespaces: readable };
}

/** The status to write after a round, or undefined when nothing changes. */
export function statusAfter(stream: ImageStream, round: ImportRound, deps: Pick<ImportDeps, 'settings' | 'lookup'>, now: Date): ImageStreamStatus | undefined {
  return nextStatus(stream, {
    plan: round.plan,
    results: round.results,
    repositoryImports: round.repositoryImports,
    now: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    settings: deps.settings,
    lookup: deps.lookup,
    readableNamespaces: round.readableNamespaces,
  });
}
