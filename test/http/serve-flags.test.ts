import { expect } from 'chai';
import { parseServeFlags } from '../../src/cli/serve-flags.js';
import { InputError } from '../../src/errors.js';

const TLS = ['--tls-cert', 'c.pem', '--tls-key', 'k.pem'];

describe('serve flags', () => {
  it('defaults to 0.0.0.0:8443 for HTTPS and 0.0.0.0:8080 for metrics, with the cluster as source', () => {
    expect(parseServeFlags(TLS)).to.deep.include({
      listen: { host: '0.0.0.0', port: 8443 },
      metricsListen: { host: '0.0.0.0', port: 8080 },
      tlsCert: 'c.pem',
      tlsKey: 'k.pem',
    }).and.not.have.any.keys('imagestreams', 'config', 'kubeconfig');
  });

  const addresses: { name: string; value: string; want: { host: string; port: number } }[] = [
    { name: 'IPv4 loopback with port 0', value: '127.0.0.1:0', want: { host: '127.0.0.1', port: 0 } },
    { name: 'bracketed IPv6', value: '[::1]:9443', want: { host: '::1', port: 9443 } },
    { name: 'a host name', value: 'localhost:8443', want: { host: 'localhost', port: 8443 } },
  ];
  for (const c of addresses) {
    it(`accepts ${c.name} for --listen`, () => {
      expect(parseServeFlags([...TLS, '--listen', c.value])).to.have.deep.property('listen', c.want);
    });
  }

  it('passes --config, --imagestreams and --kubeconfig through', () => {
    expect(parseServeFlags([...TLS, '--config', 'p.yaml', '--imagestreams', 'is/', '--kubeconfig', 'kc'])).to.deep.include({
      config: 'p.yaml', imagestreams: 'is/', kubeconfig: 'kc',
    });
  });

  it('logs at info by default and takes --log-level', () => {
    expect(parseServeFlags(TLS)).to.have.property('logLevel', 'info');
    expect(parseServeFlags([...TLS, '--log-level', 'warn'])).to.have.property('logLevel', 'warn');
  });

  it('rejects an unknown --log-level, naming the choices', () => {
    expect(() => parseServeFlags([...TLS, '--log-level', 'verbose'])).to.throw(InputError, '--log-level "verbose": expected one of debug, info, warn, error, silent');
  });

  it('defaults the in-flight byte budget to 32 MiB and takes --max-in-flight-bytes', () => {
    expect(parseServeFlags(TLS)).to.have.property('maxInFlightBytes', 32 * 1024 * 1024);
    expect(parseServeFlags([...TLS, '--max-in-flight-bytes', '8388608'])).to.have.property('maxInFlightBytes', 8388608);
  });

  for (const value of ['1024', '8MiB', '0x2000000', '1e9']) {
    it(`rejects --max-in-flight-bytes ${value}: a whole number of bytes, at least one 3 MiB review`, () => {
      expect(() => parseServeFlags([...TLS, '--max-in-flight-bytes', value])).to.throw(InputError, 'expected a whole number of bytes >= 3145728');
    });
  }

  it('returns help for --help', () => {
    expect(parseServeFlags(['--help'])).to.equal('help');
  });

  it('reports every problem at once as an InputError', () => {
    const err: unknown = (() => {
      try {
        return parseServeFlags(['--listen', '8443', '--metrics-listen', 'host:70000']);
      } catch (e) {
        return e;
      }
    })();
    expect(err).to.be.instanceOf(InputError);
    expect((err as InputError).problems).to.have.length(4);
  });

  it('rejects an unknown flag, naming it', () => {
    expect(() => parseServeFlags([...TLS, '--port', '1'])).to.throw(InputError, 'unknown flag: --port');
  });
});
