/**
 * The import controller's configuration file (YAML or JSON), validated like the policy file: one
 * ConfigError listing every bad key path. Every key is optional; the defaults are D18's.
 */
import { readFile } from 'node:fs/promises';
import { registryPatternProblem } from '../core/registry-policy.js';
import { ConfigError } from '../errors.js';
import type { ImportSettings } from '../import/types.js';
import { parseDocuments } from './documents.js';
import { describeFileError } from './files.js';
import { checkField, checkKnownKeys, checkMapping, childPath, describeValue, isMapping, problemAt, type Mapping } from './shape.js';

export interface ControllerConfig {
  import: ImportSettings;
  scheduled: {
    /** Shortest time between two scheduled checks of one tag (OpenShift: 15 min). */
    minimumIntervalSeconds: number;
    /** Scheduled checks started per minute, cluster-wide (OpenShift: 60). */
    maxPerMinute: number;
  };
  registries: {
    /** PEM CA bundle trusted for registries, in addition to the system roots. */
    caBundleFile: string;
    /** false: always import anonymously, never read pull secrets. */
    useCredentials: boolean;
    allowLinkLocal: boolean;
    requestsPerSecond: number;
    burst: number;
    timeoutSeconds: number;
  };
  /** Streams imported at the same time. */
  workers: number;
  leaderElection: { leaseName: string; leaseDurationSeconds: number; renewDeadlineSeconds: number; retryPeriodSeconds: number };
}

export const DEFAULT_CONTROLLER_CONFIG: ControllerConfig = Object.freeze({
  import: {
    historyLimit: 5,
    defaultImportMode: 'PreserveOriginal',
    defaultPlatform: { os: 'linux', architecture: 'amd64' },
    internalRegistryHostname: '',
    pruneRemovedTags: false,
    allowedRegistries: [],
    blockedRegistries: [],
    repositoryTagLimit: 50,
  },
  scheduled: { minimumIntervalSeconds: 900, maxPerMinute: 60 },
  registries: { caBundleFile: '', useCredentials: true, allowLinkLocal: false, requestsPerSecond: 10, burst: 20, timeoutSeconds: 30 },
  workers: 4,
  leaderElection: { leaseName: 'imagestream-import-controller', leaseDurationSeconds: 15, renewDeadlineSeconds: 10, retryPeriodSeconds: 2 },
}) as ControllerConfig;

class Reader {
  readonly problems: string[] = [];
  constructor(readonly source: string) {}

  section(parent: Mapping, key: string, path: string, keys: readonly string[]): Mapping {
    const value = checkMapping(parent, key, path, this.problems) ?? {};
    checkKnownKeys(value, keys, childPath(path, key), this.problems);
    return value;
  }
  number(parent: Mapping, key: string, path: string, fallback: number, min: number, max: number, integer = true): number {
    const value = checkField(parent, key, 'number', path, this.problems);
    if (typeof value !== 'number') return fallback;
    if (value < min || value > max || (integer && !Number.isInteger(value))) {
      this.problems.push(problemAt(childPath(path, key), `must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max} (got ${value})`));
      return fallback;
    }
    return value;
  }
  boolean(parent: Mapping, key: string, path: string, fallback: boolean): boolean {
    const value = checkField(parent, key, 'boolean', path, this.problems);
    return typeof value === 'boolean' ? value : fallback;
  }
  string(parent: Mapping, key: string, path: string, fallback: string, allowed?: readonly string[]): string {
    const value = checkField(parent, key, 'string', path, this.problems);
    if (typeof value !== 'string') return fallback;
    if (allowed !== undefined && !allowed.includes(value)) {
      this.problems.push(problemAt(childPath(path, key), `must be one of ${allowed.join(', ')} (got ${describeValue(value)})`));
      return fallback;
    }
    return value;
  }
  /** A list of registry patterns; one the allow/block decision cannot read is a problem, not a rule that silently never matches. */
  registryPatterns(parent: Mapping, key: string, path: string): string[] {
    const value = checkField(parent, key, 'list', path, this.problems);
    if (!Array.isArray(value)) return [];
    const good = value.filter((item): item is string => typeof item === 'string' && item.trim() !== '');
    if (good.length !== value.length) this.problems.push(problemAt(childPath(path, key), 'must be a list of non-empty host[:port] strings'));
    value.forEach((item, index) => {
      const problem = typeof item === 'string' && item.trim() !== '' ? registryPatternProblem(item) : undefined;
      if (problem !== undefined) this.problems.push(problemAt(childPath(childPath(path, key), index), problem));
    });
    return good;
  }
}

const TOP = ['historyLimit', 'defaultImportMode', 'defaultPlatform', 'internalRegistryHostname', 'pruneRemovedTags', 'repositoryTagLimit', 'scheduledImport', 'registries', 'workers', 'leaderElection'];
const REGISTRY_KEYS = ['allowed', 'blocked', 'allowLinkLocal', 'caBundleFile', 'useCredentials', 'requestsPerSecond', 'burst', 'timeoutSeconds'];
const LEASE_KEYS = ['leaseName', 'leaseDurationSeconds', 'renewDeadlineSeconds', 'retryPeriodSeconds'];

function readImport(root: Mapping, read: Reader, registries: Mapping): ImportSettings {
  const d = DEFAULT_CONTROLLER_CONFIG.import;
  const platform = read.section(root, 'defaultPlatform', '', ['os', 'architecture', 'variant']);
  const variant = read.string(platform, 'variant', 'defaultPlatform', '');
  const hostname = read.string(root, 'internalRegistryHostname', '', '');
  if (hostname.includes('/') || hostname.includes(' ')) read.problems.push(problemAt('internalRegistryHostname', `must be host[:port] (got ${describeValue(hostname)})`));
  return {
    historyLimit: read.number(root, 'historyLimit', '', d.historyLimit, 1, 1000),
    defaultImportMode: read.string(root, 'defaultImportMode', '', d.defaultImportMode, ['PreserveOriginal', 'Legacy']) as ImportSettings['defaultImportMode'],
    defaultPlatform: {
      os: read.string(platform, 'os', 'defaultPlatform', d.defaultPlatform.os),
      architecture: read.string(platform, 'architecture', 'defaultPlatform', d.defaultPlatform.architecture),
      ...(variant === '' ? {} : { variant }),
    },
    internalRegistryHostname: hostname,
    pruneRemovedTags: read.boolean(root, 'pruneRemovedTags', '', d.pruneRemovedTags),
    allowedRegistries: read.registryPatterns(registries, 'allowed', 'registries'),
    blockedRegistries: read.registryPatterns(registries, 'blocked', 'registries'),
    repositoryTagLimit: read.number(root, 'repositoryTagLimit', '', d.repositoryTagLimit, 0, 1000),
  };
}

function readConfig(root: Mapping, read: Reader): ControllerConfig {
  const d = DEFAULT_CONTROLLER_CONFIG;
  checkKnownKeys(root, TOP, '', read.problems);
  const scheduled = read.section(root, 'scheduledImport', '', ['minimumIntervalSeconds', 'maxPerMinute']);
  const registries = read.section(root, 'registries', '', REGISTRY_KEYS);
  const lease = read.section(root, 'leaderElection', '', LEASE_KEYS);
  const config: ControllerConfig = {
    import: readImport(root, read, registries),
    scheduled: {
      minimumIntervalSeconds: read.number(scheduled, 'minimumIntervalSeconds', 'scheduledImport', d.scheduled.minimumIntervalSeconds, 1, 7 * 86_400),
      maxPerMinute: read.number(scheduled, 'maxPerMinute', 'scheduledImport', d.scheduled.maxPerMinute, 1, 100_000),
    },
    registries: {
      caBundleFile: read.string(registries, 'caBundleFile', 'registries', ''),
      useCredentials: read.boolean(registries, 'useCredentials', 'registries', true),
      allowLinkLocal: read.boolean(registries, 'allowLinkLocal', 'registries', false),
      requestsPerSecond: read.number(registries, 'requestsPerSecond', 'registries', d.registries.requestsPerSecond, 0.01, 10_000, false),
      burst: read.number(registries, 'burst', 'registries', d.registries.burst, 1, 10_000),
      timeoutSeconds: read.number(registries, 'timeoutSeconds', 'registries', d.registries.timeoutSeconds, 1, 600),
    },
    workers: read.number(root, 'workers', '', d.workers, 1, 64),
    leaderElection: {
      leaseName: read.string(lease, 'leaseName', 'leaderElection', d.leaderElection.leaseName),
      leaseDurationSeconds: read.number(lease, 'leaseDurationSeconds', 'leaderElection', d.leaderElection.leaseDurationSeconds, 1, 3600),
      renewDeadlineSeconds: read.number(lease, 'renewDeadlineSeconds', 'leaderElection', d.leaderElection.renewDeadlineSeconds, 1, 3600),
      retryPeriodSeconds: read.number(lease, 'retryPeriodSeconds', 'leaderElection', d.leaderElection.retryPeriodSeconds, 1, 3600),
    },
  };
  const { leaseDurationSeconds, renewDeadlineSeconds, retryPeriodSeconds } = config.leaderElection;
  if (!(retryPeriodSeconds < renewDeadlineSeconds && renewDeadlineSeconds < leaseDurationSeconds)) {
    read.problems.push(problemAt('leaderElection', 'must have retryPeriodSeconds < renewDeadlineSeconds < leaseDurationSeconds'));
  }
  return config;
}

/** Parses and validates the controller configuration. Pure; an empty file means all defaults. */
export function parseControllerConfig(text: string, source: string): ControllerConfig {
  const { documents, problems } = parseDocuments(text);
  if (problems.length > 0) throw new ConfigError(source, problems);
  if (documents.length > 1) throw new ConfigError(source, [`expected one document, found ${documents.length}`]);
  const value = documents[0]?.value ?? {};
  if (!isMapping(value)) throw new ConfigError(source, [problemAt('', `must be a mapping (got ${describeValue(value)})`)]);
  const read = new Reader(source);
  const config = readConfig(value, read);
  if (read.problems.length > 0) throw new ConfigError(source, read.problems);
  return config;
}

export async function loadControllerConfigFile(path: string): Promise<ControllerConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new ConfigError(path, [describeFileError(err)], { cause: err });
  }
  return parseControllerConfig(text, path);
}
