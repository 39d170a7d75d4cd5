/**
 * Which tags of a stream need work now, and what to ask the registry. Pure: the controller passes
 * in which scheduled tags are due and which tags it saw change on the watch.
 */
import { splitReference } from '../core/image-ref.js';
import { isUnrecorded, observedGeneration, requestedGeneration, statusTagOf } from './generations.js';
import { importModeOf, isInsecure, platformOf } from './options.js';
import { newestTags } from './tag-order.js';
import type { ImageStream, TagReference } from '../core/types.js';
import type { ImportSettings, ImportTrigger, PlannedImport } from './types.js';
import { validateSpecTags } from './validate.js';

/** The due/forced key of `spec.dockerImageRepository` (parentheses never occur in tag names). */
export const REPOSITORY_KEY = '(spec.dockerImageRepository)';

/** What the controller knows beyond the object: due scheduled tags, tags seen changing on the watch. */
export interface ImportDemand {
  due: ReadonlySet<string>;
  forced: ReadonlySet<string>;
}

export const NO_DEMAND: ImportDemand = Object.freeze({ due: new Set<string>(), forced: new Set<string>() });

export interface Triggered {
  trigger: ImportTrigger;
  generation: number;
}

export interface RepositoryPlan {
  repository: string;
  insecure: boolean;
  generation: number;
}

export interface StreamPlan {
  /** Registry imports of spec `DockerImage` tags. */
  imports: PlannedImport[];
  /** Every spec tag that needs work now, whatever its source kind. */
  triggered: Map<string, Triggered>;
  /** R44 problems by tag name; such tags are never imported. */
  invalid: Map<string, string[]>;
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
  if (requested > observed) return { trigger: tag.generation === 0 ? 'Requested' : 'Changed', generation: requested };
  if (demand.due.has(tag.name) && isScheduled(tag)) return { trigger: 'Scheduled', generation: Math.max(observed, 1) };
  return undefined;
}

function plannedImport(stream: ImageStream, tag: TagReference, triggered: Triggered, settings: ImportSettings): PlannedImport {
  return {
    tag: tag.name,
    ...triggered,
    reference: tag.from?.name ?? '',
    insecure: isInsecure(stream, tag),
    importMode: importModeOf(tag, settings),
    platform: platformOf(tag, settings),
  };
}

function repositoryPlan(stream: ImageStream, demand: ImportDemand): RepositoryPlan | undefined {
  const repository = stream.spec?.dockerImageRepository?.trim() ?? '';
  if (repository === '') return undefined;
  const specNames = new Set((stream.spec?.tags ?? []).map((tag) => tag.name));
  const imported = (stream.status?.tags ?? []).filter((entry) => !specNames.has(entry.tag));
  const observed = Math.max(0, ...imported.map((entry) => observedGeneration(entry)));
  const generation = Math.max(stream.metadata.generation ?? 1, 1);
  const wanted = imported.length === 0 || observed < generation || demand.forced.has(REPOSITORY_KEY) || demand.due.has(REPOSITORY_KEY);
  return wanted ? { repository, insecure: isInsecure(stream, undefined), generation } : undefined;
}

/** Plans the stream's work: nothing to do is an empty plan (no imports, nothing triggered, no repository). */
export function planImports(stream: ImageStream, settings: ImportSettings, demand: ImportDemand = NO_DEMAND): StreamPlan {
  const invalid = validateSpecTags(stream);
  const triggered = new Map<string, Triggered>();
  const imports: PlannedImport[] = [];
  for (const tag of stream.spec?.tags ?? []) {
    if (tag.from === undefined || tag.from === null || triggered.has(tag.name)) continue;
    const trigger = triggerOf(stream, tag, demand);
    if (trigger === undefined) continue;
    triggered.set(tag.name, trigger);
    if (!invalid.has(tag.name) && tag.from.kind === 'DockerImage' && tag.reference !== true) {
      imports.push(plannedImport(stream, tag, trigger, settings));
    }
  }
  return { imports, triggered, invalid, repository: repositoryPlan(stream, demand) };
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
      trigger: statusTagOf(stream, tag) === undefined ? 'New' : 'Changed',
      generation: plan.generation,
      reference: `${name}:${tag}`,
      insecure: plan.insecure,
      importMode: settings.defaultImportMode,
      platform: settings.defaultPlatform,
    }));
}
