/**
 * Which tags of a stream need work now, and what to ask the registry. Pure: the controller passes
 * in which scheduled tags are due and which tags it saw change on the watch.
 */
import { splitReference } from '../core/image-ref.js';
import { importRegistryOf } from '../core/import-reference.js';
import { refusedImportMessage, registryRefusal } from '../core/registry-policy.js';
import { importCondition, isUnrecorded, observedGeneration, requestedGeneration, statusTagOf } from './generations.js';
import { importModeOf, isInsecure, platformOf } from './options.js';
import { repositoryCheckRequested } from './repository-check.js';
import { newestTags } from './tag-order.js';
import type { ImageStream, TagReference } from '../core/types.js';
import type { ImportFailure, ImportSettings, ImportTrigger, PlannedImport } from './types.js';
import { validateSpecTags } from './validate.js';

/** The due/forced key of `spec.dockerImageRepository` (parentheses never occur in tag names). */
export const REPOSITORY_KEY = '(spec.dockerImageRepository)';

/**
 * What the controller knows beyond the object: due scheduled tags, tags whose source the watch saw
 * change, and tags the watch saw re-requested (a new tag generation with the source unchanged: what
 * the stamping webhook makes of `generation: 0`).
 */
export interface ImportDemand {
  due: ReadonlySet<string>;
  forced: ReadonlySet<string>;
  requested?: ReadonlySet<string>;
  /**
   * Failed tags to try again (retry.ts: after the backoff, or a change elsewhere that may heal
   * them); a tag whose import no longer fails is not imported for it. May hold `REPOSITORY_KEY`.
   */
  retry?: ReadonlySet<string>;
}

export const NO_DEMAND: ImportDemand = Object.freeze({ due: new Set<string>(), forced: new Set<string>() });

export interface Triggered {
  trigger: ImportTrigger;
  generation: number;
}

export interface RepositoryPlan {
  repository: string;
  /** The registry's identity, `''` when the repository does not parse. */
  registry: string;
  insecure: boolean;
  generation: number;
  /** The check annotation asks for a re-import: every listed tag is asked for again, and the check is recorded once listed. */
  requested: boolean;
  /** Set when the admin's registry lists refuse the repository: it is not listed. */
  refusal: ImportFailure | undefined;
}

export interface StreamPlan {
  /** Registry imports of spec `DockerImage` tags. */
  imports: PlannedImport[];
  /** Every spec tag that needs work now, whatever its source kind. */
  triggered: Map<string, Triggered>;
  /** Problems with a tag's `from` (kind, name) or policies, by tag name; such tags are never imported. */
  invalid: Map<string, string[]>;
  /** `DockerImage` tags due for an import whose registry the admin's lists refuse: failed without a request. */
  refused: Map<string, ImportFailure>;
  /** Set when `spec.dockerImageRepository` must be listed. */
  repository: RepositoryPlan | undefined;
}

export function isScheduled(tag: TagReference): boolean {
  return tag.importPolicy?.scheduled === true && tag.from?.kind === 'DockerImage' && tag.reference !== true;
}

/** Why `tag` needs work now, with the generation its outcome records; undefined when it does not. */
export function triggerOf(stream: ImageStream, tag: TagReference, demand: ImportDemand): Triggered | undefined {
  const status = statusTagOf(stream, tag.name);
  const requested = requestedGeneration(stream, tag);
  const observed = observedGeneration(status);
  if (isUnrecorded(status)) return { trigger: 'New', generation: requested };
  if (demand.forced.has(tag.name)) return { trigger: 'Changed', generation: Math.max(requested, stream.metadata.generation ?? 1) };
  if (requested > observed) {
    const reimport = tag.generation === 0 || demand.requested?.has(tag.name) === true;
    return { trigger: reimport ? 'ReimportRequested' : 'Changed', generation: requested };
  }
  if (demand.retry?.has(tag.name) === true && importCondition(status)?.status === 'False') return { trigger: 'Retry', generation: Math.max(requested, observed) };
  if (demand.due.has(tag.name) && isScheduled(tag)) return { trigger: 'Scheduled', generation: Math.max(observed, 1) };
  return undefined;
}

/**
 * The registry a reference names and, when the admin's lists refuse it, the failure to record:
 * the one place the plan asks the registry lists, for tags and repositories alike.
 */
function checkRegistry(reference: string, settings: ImportSettings): { registry: string; refusal: ImportFailure | undefined } {
  const registry = importRegistryOf(reference) ?? '';
  const rule = registry === '' ? undefined : registryRefusal(settings, registry);
  return { registry, refusal: rule === undefined ? undefined : { reason: 'Blocked', message: refusedImportMessage(reference, rule) } };
}

function plannedImport(stream: ImageStream, tag: TagReference, triggered: Triggered, settings: ImportSettings, registry: string): PlannedImport {
  return {
    tag: tag.name,
    ...triggered,
    reference: tag.from?.name ?? '',
    registry,
    insecure: isInsecure(stream, tag),
    importMode: importModeOf(tag, settings),
    platform: platformOf(tag, settings),
  };
}

function repositoryPlan(stream: ImageStream, demand: ImportDemand, settings: ImportSettings): RepositoryPlan | undefined {
  const repository = stream.spec?.dockerImageRepository?.trim() ?? '';
  if (repository === '') return undefined;
  const specNames = new Set((stream.spec?.tags ?? []).map((tag) => tag.name));
  const imported = (stream.status?.tags ?? []).filter((entry) => !specNames.has(entry.tag));
  const observed = Math.max(0, ...imported.map((entry) => observedGeneration(entry)));
  const generation = Math.max(stream.metadata.generation ?? 1, 1);
  const requested = repositoryCheckRequested(stream);
  const wanted = requested || imported.length === 0 || observed < generation || demand.forced.has(REPOSITORY_KEY) || demand.due.has(REPOSITORY_KEY) || demand.retry?.has(REPOSITORY_KEY) === true;
  return wanted ? { repository, ...checkRegistry(repository, settings), insecure: isInsecure(stream, undefined), generation, requested } : undefined;
}

/**
 * Plans the stream's work: nothing to do is an empty plan (no imports, nothing triggered, no
 * repository). Tags whose registry the admin's lists refuse are planned as refused, not imported.
 */
export function planImports(stream: ImageStream, settings: ImportSettings, demand: ImportDemand = NO_DEMAND): StreamPlan {
  const invalid = validateSpecTags(stream);
  const triggered = new Map<string, Triggered>();
  const imports: PlannedImport[] = [];
  const refused = new Map<string, ImportFailure>();
  for (const tag of stream.spec?.tags ?? []) {
    if (tag.from === undefined || tag.from === null || triggered.has(tag.name)) continue;
    const trigger = triggerOf(stream, tag, demand);
    if (trigger === undefined) continue;
    triggered.set(tag.name, trigger);
    if (!invalid.has(tag.name) && tag.from.kind === 'DockerImage' && tag.reference !== true) {
      const { registry, refusal } = checkRegistry(tag.from.name, settings);
      if (refusal === undefined) imports.push(plannedImport(stream, tag, trigger, settings, registry));
      else refused.set(tag.name, refusal);
    }
  }
  return { imports, triggered, invalid, refused, repository: repositoryPlan(stream, demand, settings) };
}

/**
 * The imports of a repository's tags once listed: the newest-looking `repositoryTagLimit` tags
 * that no spec tag names (a spec tag of the same name wins). Throws nothing: a malformed
 * repository yields no imports.
 */
export function repositoryImports(stream: ImageStream, plan: RepositoryPlan, tags: readonly string[], settings: ImportSettings): PlannedImport[] {
  let name: string;
  try {
    const parts = splitReference(plan.repository);
    if (parts.tag !== '' || parts.digest !== '') return [];
    name = parts.name;
  } catch {
    return [];
  }
  const specNames = new Set((stream.spec?.tags ?? []).map((tag) => tag.name));
  return newestTags(tags, settings.repositoryTagLimit)
    .filter((tag) => !specNames.has(tag))
    .map((tag) => ({
      tag,
      trigger: statusTagOf(stream, tag) === undefined ? 'New' : plan.requested ? 'ReimportRequested' : 'Changed',
      generation: plan.generation,
      reference: `${name}:${tag}`,
      registry: plan.registry,
      insecure: plan.insecure,
      importMode: settings.defaultImportMode,
      platform: settings.defaultPlatform,
    }));
}
