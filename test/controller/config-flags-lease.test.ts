/** The controller's configuration file, flags and Lease decision: tables over plain data. */
import { expect } from 'chai';
import { describe, it } from 'mocha';
import { parseControllerFlags } from '../../src/cli/controller-flags.js';
import { DEFAULT_CONTROLLER_CONFIG, parseControllerConfig } from '../../src/config/controller-config.js';
import { decideLease, releasedRecord, type LeaseNow, type LeaseRecord } from '../../src/controller/lease-decision.js';
import { InputError } from '../../src/errors.js';

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (err) {
    if (err instanceof InputError) return err.problems;
    throw err;
  }
  return [];
}

describe('parseControllerConfig', () => {
  it('an empty file means the documented defaults (PreserveOriginal, history 5, 15 min, 60/min)', () => {
    const config = parseControllerConfig('', 'c.yaml');
    expect(config).to.deep.equal(DEFAULT_CONTROLLER_CONFIG);
    expect(config.import.defaultImportMode).to.equal('PreserveOriginal');
    expect(config.import.historyLimit).to.equal(5);
    expect(config.scheduled).to.deep.equal({ minimumIntervalSeconds: 900, maxPerMinute: 60 });
  });
  it('reads every key', () => {
    const config = parseControllerConfig(
      [
        'historyLimit: 3', 'defaultImportMode: Legacy', 'defaultPlatform: {os: linux, architecture: arm64, variant: v8}',
        'internalRegistryHostname: registry.example.com:5000', 'pruneRemovedTags: true', 'repositoryTagLimit: 10', 'workers: 2',
        'scheduledImport: {minimumIntervalSeconds: 60, maxPerMinute: 600}',
        'registries: {allowed: ["*.example.com"], blocked: [quay.io], allowLinkLocal: true, caBundleFile: /ca.pem, useCredentials: false, requestsPerSecond: 2.5, burst: 5, timeoutSeconds: 10}',
        'leaderElection: {leaseName: x, leaseDurationSeconds: 30, renewDeadlineSeconds: 20, retryPeriodSeconds: 5}',
      ].join('\n'),
      'c.yaml',
    );
    expect(config.import).to.deep.include({ historyLimit: 3, defaultImportMode: 'Legacy', pruneRemovedTags: true, repositoryTagLimit: 10, internalRegistryHostname: 'registry.example.com:5000' });
    expect(config.import.defaultPlatform).to.deep.equal({ os: 'linux', architecture: 'arm64', variant: 'v8' });
    expect(config.import.allowedRegistries).to.deep.equal(['*.example.com']);
    expect(config.registries).to.deep.equal({ caBundleFile: '/ca.pem', useCredentials: false, allowLinkLocal: true, requestsPerSecond: 2.5, burst: 5, timeoutSeconds: 10 });
    expect(config.leaderElection.leaseName).to.equal('x');
    expect(config.scheduled.maxPerMinute).to.equal(600);
  });
  it('reports every problem at once, by key path', () => {
    const problems = problemsOf(() =>
      parseControllerConfig('historyLimit: 0\ndefaultImportMode: All\nbogus: 1\nregistries: {blocked: [1], allowed: [quay.io, "127.0.0.1:*"], burst: "x"}\nleaderElection: {renewDeadlineSeconds: 20}\n', 'c.yaml'),
    );
    expect(problems).to.deep.equal([
      'bogus: unknown key (allowed: historyLimit, defaultImportMode, defaultPlatform, internalRegistryHostname, pruneRemovedTags, repositoryTagLimit, scheduledImport, registries, workers, leaderElection)',
      'historyLimit: must be an integer from 1 to 1000 (got 0)',
      'defaultImportMode: must be one of PreserveOriginal, Legacy (got "All")',
      'registries.allowed[1]: "127.0.0.1:*" is not a registry pattern: host, host:port, an IPv6 literal, or *.domain',
      'registries.blocked: must be a list of non-empty host[:port] strings',
      'registries.burst: must be a number (got "x")',
      'leaderElection: must have retryPeriodSeconds < renewDeadlineSeconds < leaseDurationSeconds',
    ]);
  });
});

describe('parseControllerFlags', () => {
  it('defaults: metrics on 0.0.0.0:8080, leader election on', () => {
    expect(parseControllerFlags([])).to.deep.include({ metricsListen: { host: '0.0.0.0', port: 8080 }, leaderElect: true });
  });
  it('reads every flag', () => {
    const options = parseControllerFlags(['--kubeconfig', 'k', '--config', 'c', '--metrics-listen', '127.0.0.1:0', '--leader-elect=false', '--lease-namespace', 'ops']);
    expect(options).to.deep.include({ kubeconfig: 'k', config: 'c', metricsListen: { host: '127.0.0.1', port: 0 }, leaderElect: false, leaseNamespace: 'ops' });
  });
  it('lists every bad flag value', () => {
    expect(problemsOf(() => parseControllerFlags(['--leader-elect=maybe', '--metrics-listen', 'nope', '--log-level', 'loud']))).to.deep.equal([
      '--metrics-listen "nope": expected HOST:PORT (e.g. 127.0.0.1:8443, [::1]:8443)',
      '--leader-elect "maybe": expected true or false',
      '--log-level "loud": expected one of debug, info, warn, error, silent',
    ]);
  });
  it('runs the trigger controller by default; --triggers=false turns it off, and other values are refused', () => {
    expect(parseControllerFlags([])).to.have.property('triggers', true);
    expect(parseControllerFlags(['--triggers=false'])).to.have.property('triggers', false);
    expect(problemsOf(() => parseControllerFlags(['--triggers=off']))).to.deep.equal(['--triggers "off": expected true or false']);
  });
  it('logs at info by default and takes --log-level', () => {
    expect(parseControllerFlags([])).to.have.property('logLevel', 'info');
    expect(parseControllerFlags(['--log-level', 'debug'])).to.have.property('logLevel', 'debug');
  });
  it('rejects an unknown flag', () => expect(problemsOf(() => parseControllerFlags(['--bogus']))).to.have.length(1));
  it('keeps registry pull Secrets only when given the integrated registry\'s HOST[:PORT]', () => {
    expect(parseControllerFlags([])).to.not.have.property('integratedRegistry');
    expect(parseControllerFlags(['--integrated-registry', 'registry.example.com:5000', '--image-puller-role', 'rel-image-puller']))
      .to.deep.include({ integratedRegistry: 'registry.example.com:5000', imagePullerRole: 'rel-image-puller' });
    expect(parseControllerFlags([])).to.have.property('imagePullerRole', 'image-puller');
    expect(problemsOf(() => parseControllerFlags(['--integrated-registry', 'https://r/x', '--image-puller-role', '']))).to.deep.equal([
      '--integrated-registry "https://r/x": expected HOST[:PORT]',
      '--image-puller-role must not be empty',
    ]);
  });
});

describe('decideLease', () => {
  const at = (ms: number): LeaseNow => ({ wallMs: ms, monotonicMs: ms });
  const held = (holder: string): LeaseRecord => ({ holderIdentity: holder, leaseDurationSeconds: 15, acquireTime: new Date(0), renewTime: new Date(0), leaseTransitions: 2 });
  it('creates a missing Lease', () => expect(decideLease(undefined, undefined, 'me', 15, at(1000)).action).to.equal('create'));
  it('renews its own Lease', () => expect(decideLease(held('me'), undefined, 'me', 15, at(1000)).action).to.equal('renew'));
  it('waits while another holder renewed within the duration, measured on its own clock', () => {
    const record = held('other');
    expect(decideLease(record, { record: JSON.stringify(record), atMs: 10_000 }, 'me', 15, at(24_000))).to.deep.equal({ action: 'wait', holder: 'other' });
  });
  it('acquires once the record has not changed for the lease duration, counting a transition', () => {
    const record = held('other');
    const decision = decideLease(record, { record: JSON.stringify(record), atMs: 10_000 }, 'me', 15, at(25_000));
    expect(decision.action).to.equal('acquire');
    expect(decision.action !== 'wait' && decision.record.leaseTransitions).to.equal(3);
  });
  it('a first sighting never counts as expired, whatever renewTime says', () => {
    expect(decideLease(held('other'), undefined, 'me', 15, at(10 ** 12)).action).to.equal('wait');
  });
  it('acquires a released Lease at once', () => {
    expect(decideLease(releasedRecord(held('other'), 5), undefined, 'me', 15, at(6)).action).to.equal('acquire');
  });
});
