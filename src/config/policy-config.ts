import { readFile } from 'node:fs/promises';
import { ConfigError } from '../errors.js';
import {
  RESOLVE_IMAGES_POLICIES,
  type PolicyConfig,
  type ResolutionRule,
  type ResolveImagesPolicy,
} from '../core/types.js';
import { parseDocuments } from './documents.js';
import { describeFileError } from './files.js';
import {
  checkField,
  checkKnownKeys,
  checkMapping,
  checkMappingList,
  childPath,
  describeValue,
  isMapping,
  problemAt,
  type Mapping,
} from './shape.js';

/**
 * OpenShift 4's kube-apiserver runs ImagePolicy with no plugin config, so these are its defaults
 * (`resolveImages: Attempt`). `resolutionRules` is absent on purpose: the core then applies the
 * upstream rule list.
 */
export const DEFAULT_POLICY_CONFIG: Readonly<PolicyConfig> = Object.freeze({
  resolveImages: 'Attempt',
  internalRegistryHostname: '',
  alwaysPullImages: false,
});

const TOP_LEVEL_KEYS = ['resolveImages', 'resolutionRules', 'internalRegistryHostname', 'alwaysPullImages', 'optOutLabel'];
const RULE_KEYS = ['targetResource', 'localNames', 'policy'];
const TARGET_RESOURCE_KEYS = ['group', 'resource'];

/**
 * A registry host as the core compares it with an image's registry: DNS name, IPv4 or bracketed
 * IPv6, optional port.
 * A scheme or path would make the exact string compare silently never match.
 */
export const REGISTRY_HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::(\d{1,5}))?$/;

/**
 * Parses and validates the policy configuration (YAML or JSON). Pure. An empty file means all
 * defaults. Throws one `ConfigError` whose `problems` name every bad key path, so an operator
 * fixes the whole file in one go (OpenShift's aggregate validation).
 */
export function parsePolicyConfig(text: string, source: string): PolicyConfig {
  const { documents, problems } = parseDocuments(text);
  if (problems.length > 0) throw new ConfigError(source, problems);
  if (documents.length > 1) {
    throw new ConfigError(source, [`expected one document, found ${documents.length}`]);
  }
  const [document] = documents;
  if (document === undefined) return { ...DEFAULT_POLICY_CONFIG };
  if (!isMapping(document.value)) {
    throw new ConfigError(source, [problemAt('', `must be a mapping (got ${describeValue(document.value)})`)]);
  }
  const found: string[] = [];
  const config = validateConfig(document.value, found);
  if (found.length > 0) throw new ConfigError(source, found);
  return config;
}

/** Reads and parses the configuration file; an unreadable file is a `ConfigError` naming the path. */
export async function loadPolicyConfigFile(path: string): Promise<PolicyConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new ConfigError(path, [describeFileError(err)], { cause: err });
  }
  return parsePolicyConfig(text, path);
}

function validateConfig(root: Mapping, problems: string[]): PolicyConfig {
  checkKnownKeys(root, TOP_LEVEL_KEYS, '', problems);
  const resolveImages = checkPolicy(root, 'resolveImages', '', problems) ?? DEFAULT_POLICY_CONFIG.resolveImages;
  const config: PolicyConfig = {
    resolveImages,
    internalRegistryHostname: checkRegistryHostname(root, problems),
    alwaysPullImages: checkBoolean(root, 'alwaysPullImages', '', problems),
  };
  const optOutLabel = checkField(root, 'optOutLabel', 'string', '', problems);
  if (typeof optOutLabel === 'string' && optOutLabel !== '') config.optOutLabel = optOutLabel;
  if (root.resolutionRules !== undefined && root.resolutionRules !== null) {
    config.resolutionRules = checkMappingList(root, 'resolutionRules', '', problems).map(({ item, path }) =>
      validateRule(item, path, resolveImages, problems),
    );
  }
  return config;
}

function validateRule(rule: Mapping, path: string, resolveImages: ResolveImagesPolicy, problems: string[]): ResolutionRule {
  checkKnownKeys(rule, RULE_KEYS, path, problems);
  const target = checkMapping(rule, 'targetResource', path, problems, true);
  const targetPath = childPath(path, 'targetResource');
  const targetResource = { group: '', resource: '' };
  if (target !== undefined) {
    checkKnownKeys(target, TARGET_RESOURCE_KEYS, targetPath, problems);
    targetResource.group = String(checkField(target, 'group', 'string', targetPath, problems, true) ?? '');
    targetResource.resource = String(checkField(target, 'resource', 'string', targetPath, problems, true) ?? '');
    if (target.resource === '') problems.push(problemAt(childPath(targetPath, 'resource'), 'must not be empty'));
  }
  return {
    targetResource,
    localNames: checkBoolean(rule, 'localNames', path, problems),
    policy: checkPolicy(rule, 'policy', path, problems) ?? resolveImages,
  };
}

/** Absent, null or "" mean "not set" (upstream defaulting treats an empty policy as unset). */
function checkPolicy(parent: Mapping, key: string, path: string, problems: string[]): ResolveImagesPolicy | undefined {
  const value = parent[key];
  if (value === undefined || value === null || value === '') return undefined;
  const policy = RESOLVE_IMAGES_POLICIES.find((p) => p === value);
  if (policy === undefined) {
    problems.push(
      problemAt(childPath(path, key), `must be one of ${RESOLVE_IMAGES_POLICIES.join(', ')} (got ${describeValue(value)})`),
    );
  }
  return policy;
}

function checkBoolean(parent: Mapping, key: string, path: string, problems: string[]): boolean {
  return checkField(parent, key, 'boolean', path, problems) === true;
}

function checkRegistryHostname(root: Mapping, problems: string[]): string {
  const value = checkField(root, 'internalRegistryHostname', 'string', '', problems);
  if (typeof value !== 'string' || value === '') return '';
  const at = 'internalRegistryHostname';
  const got = `(got ${describeValue(value)})`;
  if (value.includes('://')) {
    problems.push(problemAt(at, `must be host[:port] without a scheme ${got}`));
  } else if (value.includes('/')) {
    problems.push(problemAt(at, `must be host[:port] without a path ${got}`));
  } else {
    const port = REGISTRY_HOST.exec(value)?.[1];
    const portValid = port === undefined || (Number(port) >= 1 && Number(port) <= 65535);
    if (!REGISTRY_HOST.test(value) || !portValid) problems.push(problemAt(at, `must be host[:port] ${got}`));
  }
  return value;
}
