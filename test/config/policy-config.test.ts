import { join } from 'node:path';
import { expect } from 'chai';
import { DEFAULT_POLICY_CONFIG, loadPolicyConfigFile, parsePolicyConfig } from '../../src/config/policy-config.js';
import type { PolicyConfig } from '../../src/core/types.js';
import { ConfigError, InputError } from '../../src/errors.js';
import { createTempFiles, removeTempFiles } from './temp-files.js';

const SOURCE = 'policy.yaml';
const POLICIES = 'Attempt, AttemptRewrite, Required, RequiredRewrite, DoNotAttempt';
const TOP_KEYS = 'resolveImages, resolutionRules, internalRegistryHostname, alwaysPullImages, optOutLabel';

function parseError(text: string): ConfigError {
  try {
    parsePolicyConfig(text, SOURCE);
  } catch (err) {
    expect(err).to.be.instanceOf(ConfigError);
    expect(err).to.be.instanceOf(InputError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('parsePolicyConfig', () => {
  const valid: { name: string; text: string; want: PolicyConfig }[] = [
    { name: 'an empty file means all defaults', text: '', want: { resolveImages: 'Attempt', internalRegistryHostname: '', alwaysPullImages: false } },
    { name: 'a comment-only file means all defaults', text: '# nothing\n', want: { ...DEFAULT_POLICY_CONFIG } },
    {
      name: 'the documented example is read with every key',
      text: [
        'resolveImages: Attempt',
        'resolutionRules:',
        '  - targetResource: {group: apps, resource: "*"}',
        '    localNames: true',
        '    policy: AttemptRewrite',
        'internalRegistryHostname: image-registry.example.com:5000',
        'alwaysPullImages: true',
      ].join('\n'),
      want: {
        resolveImages: 'Attempt',
        resolutionRules: [{ targetResource: { group: 'apps', resource: '*' }, localNames: true, policy: 'AttemptRewrite' }],
        internalRegistryHostname: 'image-registry.example.com:5000',
        alwaysPullImages: true,
      },
    },
    {
      name: 'optOutLabel names the label whose value "true" exempts an object from resolution (D17)',
      text: 'optOutLabel: imagestream-webhook/exclude',
      want: { ...DEFAULT_POLICY_CONFIG, optOutLabel: 'imagestream-webhook/exclude' },
    },
    { name: 'an empty optOutLabel means no opt-out', text: 'optOutLabel: ""', want: { ...DEFAULT_POLICY_CONFIG } },
    {
      name: 'JSON is accepted',
      text: '{"resolveImages": "Required", "alwaysPullImages": false, "internalRegistryHostname": "localhost:5000"}',
      want: { resolveImages: 'Required', internalRegistryHostname: 'localhost:5000', alwaysPullImages: false },
    },
    {
      name: 'resolutionRules: [] is an explicit empty list, not the defaults',
      text: 'resolutionRules: []',
      want: { ...DEFAULT_POLICY_CONFIG, resolutionRules: [] },
    },
    { name: 'resolutionRules: null is the same as omitted', text: 'resolutionRules:\n', want: { ...DEFAULT_POLICY_CONFIG } },
    {
      name: 'a rule without policy takes resolveImages and localNames defaults to false',
      text: 'resolveImages: Required\nresolutionRules:\n  - targetResource: {group: "", resource: pods}\n',
      want: {
        ...DEFAULT_POLICY_CONFIG,
        resolveImages: 'Required',
        resolutionRules: [{ targetResource: { group: '', resource: 'pods' }, localNames: false, policy: 'Required' }],
      },
    },
    {
      name: 'a rule with an empty policy takes resolveImages',
      text: 'resolveImages: AttemptRewrite\nresolutionRules:\n  - {targetResource: {group: batch, resource: jobs}, policy: ""}\n',
      want: {
        ...DEFAULT_POLICY_CONFIG,
        resolveImages: 'AttemptRewrite',
        resolutionRules: [{ targetResource: { group: 'batch', resource: 'jobs' }, localNames: false, policy: 'AttemptRewrite' }],
      },
    },
    { name: 'an empty resolveImages defaults to Attempt', text: 'resolveImages: ""', want: { ...DEFAULT_POLICY_CONFIG } },
    ...['registry.example.com', 'localhost:5000', '10.1.2.3:5000', '[::1]:5000', 'image-registry.openshift-image-registry.svc:5000'].map(
      (host) => ({
        name: `internalRegistryHostname ${host} is a valid host[:port]`,
        text: `internalRegistryHostname: "${host}"`,
        want: { ...DEFAULT_POLICY_CONFIG, internalRegistryHostname: host },
      }),
    ),
  ];
  for (const c of valid) {
    it(c.name, () => {
      expect(parsePolicyConfig(c.text, SOURCE)).to.deep.equal(c.want);
    });
  }

  const invalid: { name: string; text: string; problems: string[] }[] = [
    {
      name: 'an unknown rule policy names the rule index and the allowed values',
      text: 'resolutionRules:\n  - {targetResource: {group: "", resource: pods}}\n  - {targetResource: {group: apps, resource: "*"}, policy: Sometimes}\n',
      problems: [`resolutionRules[1].policy: must be one of ${POLICIES} (got "Sometimes")`],
    },
    { name: 'an unknown resolveImages value', text: 'resolveImages: 5', problems: [`resolveImages: must be one of ${POLICIES} (got 5)`] },
    { name: 'an unknown top-level key', text: 'resolveImage: Attempt', problems: [`resolveImage: unknown key (allowed: ${TOP_KEYS})`] },
    {
      name: 'an unknown key in a rule',
      text: 'resolutionRules:\n  - {targetResource: {group: "", resource: pods}, localName: true}',
      problems: ['resolutionRules[0].localName: unknown key (allowed: targetResource, localNames, policy)'],
    },
    {
      name: 'an unknown key in targetResource',
      text: 'resolutionRules:\n  - {targetResource: {group: "", resource: pods, version: v1}}',
      problems: ['resolutionRules[0].targetResource.version: unknown key (allowed: group, resource)'],
    },
    { name: 'a rule without targetResource', text: 'resolutionRules:\n  - {localNames: true}', problems: ['resolutionRules[0].targetResource: required'] },
    {
      name: 'targetResource without group or resource',
      text: 'resolutionRules:\n  - {targetResource: {}}',
      problems: ['resolutionRules[0].targetResource.group: required', 'resolutionRules[0].targetResource.resource: required'],
    },
    {
      name: 'an empty targetResource.resource',
      text: 'resolutionRules:\n  - {targetResource: {group: apps, resource: ""}}',
      problems: ['resolutionRules[0].targetResource.resource: must not be empty'],
    },
    {
      name: 'a non-string group',
      text: 'resolutionRules:\n  - {targetResource: {group: 5, resource: pods}}',
      problems: ['resolutionRules[0].targetResource.group: must be a string (got 5)'],
    },
    { name: 'resolutionRules as a mapping', text: 'resolutionRules: {pods: true}', problems: ['resolutionRules: must be a list (got a mapping)'] },
    { name: 'a rule that is not a mapping', text: 'resolutionRules: [pods]', problems: ['resolutionRules[0]: must be a mapping (got "pods")'] },
    {
      name: 'a non-boolean localNames',
      text: 'resolutionRules:\n  - {targetResource: {group: "", resource: pods}, localNames: "yes"}',
      problems: ['resolutionRules[0].localNames: must be true or false (got "yes")'],
    },
    { name: 'a quoted alwaysPullImages', text: 'alwaysPullImages: "true"', problems: ['alwaysPullImages: must be true or false (got "true")'] },
    { name: 'a non-string optOutLabel', text: 'optOutLabel: true', problems: ['optOutLabel: must be a string (got true)'] },
    {
      name: 'a hostname with a scheme',
      text: 'internalRegistryHostname: https://registry.example.com',
      problems: ['internalRegistryHostname: must be host[:port] without a scheme (got "https://registry.example.com")'],
    },
    {
      name: 'a hostname with a path',
      text: 'internalRegistryHostname: registry.example.com/myproject',
      problems: ['internalRegistryHostname: must be host[:port] without a path (got "registry.example.com/myproject")'],
    },
    { name: 'a hostname with a space', text: 'internalRegistryHostname: "bad host"', problems: ['internalRegistryHostname: must be host[:port] (got "bad host")'] },
    { name: 'a port out of range', text: 'internalRegistryHostname: registry:99999', problems: ['internalRegistryHostname: must be host[:port] (got "registry:99999")'] },
    { name: 'a non-string hostname', text: 'internalRegistryHostname: 5000', problems: ['internalRegistryHostname: must be a string (got 5000)'] },
    { name: 'a top level that is a list', text: '- Attempt', problems: ['(top level): must be a mapping (got a list)'] },
    { name: 'two documents', text: 'resolveImages: Attempt\n---\nresolveImages: Required\n', problems: ['expected one document, found 2'] },
    { name: 'a YAML syntax error names document, line and column', text: 'resolveImages: [Attempt\n', problems: ['document 1: Flow sequence in block collection must be sufficiently indented and end with a ] at line 2, column 1'] },
    {
      name: 'every problem of the file is reported at once, in file order',
      text: [
        'resolveImages: Sometimes',
        'resolutionRules:',
        '  - targetResource: {group: apps}',
        '    policy: Never',
        'internalRegistryHostname: http://registry',
        'alwaysPullImages: 1',
        'extra: true',
      ].join('\n'),
      problems: [
        `extra: unknown key (allowed: ${TOP_KEYS})`,
        `resolveImages: must be one of ${POLICIES} (got "Sometimes")`,
        'internalRegistryHostname: must be host[:port] without a scheme (got "http://registry")',
        'alwaysPullImages: must be true or false (got 1)',
        'resolutionRules[0].targetResource.resource: required',
        `resolutionRules[0].policy: must be one of ${POLICIES} (got "Never")`,
      ],
    },
  ];
  for (const c of invalid) {
    it(`rejects ${c.name}`, () => {
      const err = parseError(c.text);
      expect(err.source).to.equal(SOURCE);
      expect(err.problems).to.deep.equal(c.problems);
      expect(err.message).to.equal(`${SOURCE}: ${c.problems.join('; ')}`);
    });
  }

  it('keeps DEFAULT_POLICY_CONFIG frozen and hands out copies', () => {
    expect(Object.isFrozen(DEFAULT_POLICY_CONFIG)).to.equal(true);
    const config = parsePolicyConfig('', SOURCE);
    config.alwaysPullImages = true;
    expect(DEFAULT_POLICY_CONFIG.alwaysPullImages).to.equal(false);
    expect('resolutionRules' in DEFAULT_POLICY_CONFIG).to.equal(false);
  });
});

describe('loadPolicyConfigFile', () => {
  let dir = '';
  before(async () => {
    dir = await createTempFiles({ 'config.yaml': 'resolveImages: RequiredRewrite\n', 'bad.yaml': 'resolveImages: Maybe\n' });
  });
  after(() => removeTempFiles(dir));

  it('reads and parses a file', async () => {
    const config = await loadPolicyConfigFile(join(dir, 'config.yaml'));
    expect(config).to.deep.equal({ ...DEFAULT_POLICY_CONFIG, resolveImages: 'RequiredRewrite' });
  });

  it('names the file in validation problems', async () => {
    const path = join(dir, 'bad.yaml');
    const err: unknown = await loadPolicyConfigFile(path).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(ConfigError);
    expect((err as ConfigError).source).to.equal(path);
  });

  it('turns a missing file into a ConfigError naming the path', async () => {
    const path = join(dir, 'missing.yaml');
    const err: unknown = await loadPolicyConfigFile(path).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(ConfigError);
    expect((err as ConfigError).source).to.equal(path);
    expect((err as ConfigError).problems).to.deep.equal(['cannot read: no such file or directory']);
  });

  it('turns a directory into a ConfigError naming the path', async () => {
    const err: unknown = await loadPolicyConfigFile(dir).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(ConfigError);
    expect((err as ConfigError).problems).to.deep.equal(['cannot read: is a directory, expected a file']);
  });
});
