/** `imagestream-webhook registry` flags: required ones, defaults, and every problem reported at once. */
import { expect } from 'chai';
import { describe, it } from 'mocha';
import { parseRegistryFlags } from '../../src/cli/registry-flags.js';
import { InputError } from '../../src/errors.js';

const REQUIRED = ['--listen', '127.0.0.1:5443', '--tls-cert', 'c', '--tls-key', 'k', '--token-key', 't', '--registry-hostname', 'registry.example:5000',
  '--events-listen', '127.0.0.1:5080', '--events-token-file', 'e'];

describe('registry flags', () => {
  it('reads the required flags and defaults service, issuer and the metrics address', () => {
    const options = parseRegistryFlags(REQUIRED);
    expect(options).to.include({ tlsCert: 'c', tlsKey: 'k', tokenKey: 't', registryHostname: 'registry.example:5000', eventsTokenFile: 'e', service: 'imagestream-registry', issuer: 'imagestream-webhook', logLevel: 'info' });
    expect(options).to.deep.include({ listen: { host: '127.0.0.1', port: 5443 }, eventsListen: { host: '127.0.0.1', port: 5080 }, metricsListen: { host: '0.0.0.0', port: 8080 } });
  });

  it('takes --service, --issuer, --kubeconfig and --log-level', () => {
    const options = parseRegistryFlags([...REQUIRED, '--service=reg', '--issuer', 'iss', '--kubeconfig', 'kc', '--log-level', 'warn']);
    expect(options).to.include({ service: 'reg', issuer: 'iss', kubeconfig: 'kc', logLevel: 'warn' });
  });

  it('lists every missing required flag in one error', () => {
    try {
      parseRegistryFlags([]);
      expect.fail('should throw');
    } catch (err) {
      expect(err).to.be.instanceOf(InputError);
      expect((err as InputError).problems).to.deep.equal(['--listen', '--tls-cert', '--tls-key', '--token-key', '--registry-hostname', '--events-listen', '--events-token-file'].map((f) => `${f} is required`));
    }
  });

  it('refuses a registry hostname with a scheme, and an empty service', () => {
    const args = REQUIRED.map((arg) => (arg === 'registry.example:5000' ? 'https://registry.example' : arg));
    expect(() => parseRegistryFlags([...args, '--service', ''])).to.throw(InputError, /--registry-hostname "https:\/\/registry.example": expected HOST\[:PORT\].*--service must not be empty/);
  });

  it('answers help', () => {
    expect(parseRegistryFlags(['--help'])).to.equal('help');
  });
});
