import type { GroupResource, PolicyConfig, ResolutionRule, ResolveImagesPolicy } from './types.js';

/** The resources OpenShift's default configuration covers, each with `localNames: true`. */
const DEFAULT_TARGETS: readonly GroupResource[] = [
  { group: '', resource: 'pods' },
  { group: '', resource: 'replicationcontrollers' },
  { group: 'apps', resource: 'daemonsets' },
  { group: 'apps', resource: 'deployments' },
  { group: 'apps', resource: 'statefulsets' },
  { group: 'apps', resource: 'replicasets' },
  { group: 'extensions', resource: 'daemonsets' },
  { group: 'extensions', resource: 'deployments' },
  { group: 'extensions', resource: 'replicasets' },
  { group: 'batch', resource: 'jobs' },
  { group: 'batch', resource: 'cronjobs' },
  { group: 'apps.openshift.io', resource: 'deploymentconfigs' },
  { group: 'build.openshift.io', resource: 'builds' },
];

/**
 * The rule list in force. Omitted rules become the 13 defaults with policy `DoNotAttempt`
 * (this project has no execution rules, which upstream would let raise them to `resolveImages`).
 */
export function effectiveRules(config: PolicyConfig): readonly ResolutionRule[] {
  return config.resolutionRules ?? DEFAULT_RULES;
}

const DEFAULT_RULES: readonly ResolutionRule[] = Object.freeze(
  DEFAULT_TARGETS.map((targetResource) => ({ targetResource, localNames: true, policy: 'DoNotAttempt' as const })),
);

/** A rule covers a resource of its group with the same name, or all of its group's resources for `*`. */
function covers(rule: ResolutionRule, gr: GroupResource): boolean {
  return rule.targetResource.group === gr.group && (rule.targetResource.resource === gr.resource || rule.targetResource.resource === '*');
}

/**
 * The rules of `rules` covering `gr`, worked out once per rule list and group/resource: reviews ask
 * this for every request, and there are only as many pairs as resources with a pod spec (callers
 * check that first, so request data never grows the memo beyond them).
 */
export function coveringRules(rules: readonly ResolutionRule[], gr: GroupResource): readonly ResolutionRule[] {
  let byGroup = COVERING.get(rules);
  if (byGroup === undefined) COVERING.set(rules, (byGroup = new Map()));
  let byResource = byGroup.get(gr.group);
  if (byResource === undefined) byGroup.set(gr.group, (byResource = new Map()));
  let matched = byResource.get(gr.resource);
  if (matched === undefined) byResource.set(gr.resource, (matched = Object.freeze(rules.filter((rule) => covers(rule, gr)))));
  return matched;
}

const COVERING = new WeakMap<readonly ResolutionRule[], Map<string, Map<string, readonly ResolutionRule[]>>>();

const RESOLVING: readonly ResolveImagesPolicy[] = ['Attempt', 'AttemptRewrite', 'Required', 'RequiredRewrite'];
const REWRITING: readonly ResolveImagesPolicy[] = ['AttemptRewrite', 'RequiredRewrite'];

/** Resolution runs when the global mode asks for it or any rule covers the resource. */
export function requestsResolution(config: PolicyConfig, matched: readonly ResolutionRule[]): boolean {
  return RESOLVING.includes(config.resolveImages) || matched.length > 0;
}

/** Only the global mode decides whether a failed resolution rejects the request. */
export function failOnResolutionFailure(config: PolicyConfig): boolean {
  return config.resolveImages === 'Required' || config.resolveImages === 'RequiredRewrite';
}

/** UPDATEs of these resources are resolved (and may be rejected) but never rewritten. */
const NO_REWRITE_ON_UPDATE: readonly GroupResource[] = [
  { group: 'batch', resource: 'jobs' },
  { group: 'build.openshift.io', resource: 'builds' },
];

/**
 * Whether a successful resolution replaces the image string: never on UPDATE of a Job or Build; when
 * any rule covers the resource, only if one allows local names and a local name was resolved, or its
 * policy is a Rewrite mode; with no covering rule, only in the global Rewrite modes.
 */
export function shouldRewrite(
  config: PolicyConfig,
  matched: readonly ResolutionRule[],
  gr: GroupResource,
  isUpdate: boolean,
  localRewrite: boolean,
): boolean {
  if (isUpdate && NO_REWRITE_ON_UPDATE.some((x) => x.group === gr.group && x.resource === gr.resource)) return false;
  for (const rule of matched) {
    if (rule.localNames && localRewrite) return true;
    if (REWRITING.includes(rule.policy)) return true;
  }
  if (matched.length > 0) return false;
  return REWRITING.includes(config.resolveImages);
}
