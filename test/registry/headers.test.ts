import { expect } from 'chai';
import { realmUrl, TokenRealmError } from '../../src/registry/authorizer.js';
import fc from 'fast-check';
import { parseChallenges, usableChallenge } from '../../src/registry/challenge.js';
import { parseRetryAfter } from '../../src/registry/retry-after.js';
import { parseNextLink } from '../../src/registry/tags.js';

function asObjects(header: string | undefined): { scheme: string; params: Record<string, string> }[] {
  return parseChallenges(header).map((c) => ({ scheme: c.scheme, params: Object.fromEntries(c.params) }));
}

describe('registry response headers', () => {
  describe('WWW-Authenticate challenges', () => {
    const cases: { name: string; header: string | undefined; want: ReturnType<typeof asObjects> }[] = [
      { name: "Docker Hub's Bearer challenge", header: 'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/ruby:pull"',
        want: [{ scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/ruby:pull' } }] },
      { name: 'Basic with a realm', header: 'Basic realm="isw-test-registry"', want: [{ scheme: 'basic', params: { realm: 'isw-test-registry' } }] },
      { name: 'scheme and parameter names are case-insensitive', header: 'BEARER Realm="r", SERVICE=s',
        want: [{ scheme: 'bearer', params: { realm: 'r', service: 's' } }] },
      { name: 'two challenges in one header', header: 'Basic realm="a", Bearer realm="https://t/token",service="x"',
        want: [{ scheme: 'basic', params: { realm: 'a' } }, { scheme: 'bearer', params: { realm: 'https://t/token', service: 'x' } }] },
      { name: 'escaped quotes and commas inside a quoted value', header: 'Bearer realm="a\\"b,c",error="insufficient_scope"',
        want: [{ scheme: 'bearer', params: { realm: 'a"b,c', error: 'insufficient_scope' } }] },
      { name: 'a scheme without parameters', header: 'Negotiate', want: [{ scheme: 'negotiate', params: {} }] },
      { name: 'absent', header: undefined, want: [] },
      { name: 'empty', header: '', want: [] },
      { name: 'an unterminated quote keeps what was read', header: 'Bearer realm="https://t', want: [{ scheme: 'bearer', params: { realm: 'https://t' } }] },
    ];
    for (const c of cases) {
      it(`parses ${c.name}`, () => expect(asObjects(c.header)).to.deep.equal(c.want));
    }

    it('prefers a Bearer challenge with a realm over Basic', () => {
      expect(usableChallenge(parseChallenges('Basic realm="a", Bearer realm="https://t"'))?.scheme).to.equal('bearer');
      expect(usableChallenge(parseChallenges('Bearer service="no-realm", Basic realm="a"'))?.scheme).to.equal('basic');
      expect(usableChallenge(parseChallenges('Negotiate'))).to.equal(undefined);
    });

    it('never throws and reads no more challenges than the header has characters (property)', () => {
      fc.assert(fc.property(fc.string({ maxLength: 400, unit: fc.constantFrom(...'Bearer realm=",\\ \t=x'.split('')) }), (header) => {
        expect(parseChallenges(header).length).to.be.at.most(header.length);
      }));
    });
  });

  describe('Retry-After', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    const cases: { name: string; value: string | undefined; want: number | undefined }[] = [
      { name: 'delay-seconds', value: '3', want: 3000 },
      { name: 'zero seconds', value: '0', want: 0 },
      { name: 'an HTTP-date in the future', value: 'Thu, 01 Jan 2026 00:00:10 GMT', want: 10_000 },
      { name: 'an HTTP-date in the past is no wait', value: 'Wed, 31 Dec 2025 23:00:00 GMT', want: 0 },
      { name: 'absent', value: undefined, want: undefined },
      { name: 'negative', value: '-5', want: undefined },
      { name: 'a fraction', value: '1.5', want: undefined },
      { name: 'garbage', value: 'soon', want: undefined },
      { name: 'an ISO date (not an HTTP-date)', value: '2026-01-01T00:00:10Z', want: undefined },
    ];
    for (const c of cases) {
      it(`reads ${c.name}`, () => expect(parseRetryAfter(c.value, now)).to.equal(c.want));
    }
  });

  describe('Link: rel="next" of a tag list', () => {
    const cases: { name: string; value: string | undefined; want: string | undefined }[] = [
      { name: "distribution's next link", value: '</v2/acme/app/tags/list?last=b&n=2>; rel="next"', want: '/v2/acme/app/tags/list?last=b&n=2' },
      { name: 'an unquoted rel', value: '<https://r.example/v2/x/tags/list?last=a>;rel=next', want: 'https://r.example/v2/x/tags/list?last=a' },
      { name: 'another relation', value: '</v2/x>; rel="prev"', want: undefined },
      { name: 'no angle brackets', value: 'rel="next"', want: undefined },
      { name: 'absent', value: undefined, want: undefined },
    ];
    for (const c of cases) {
      it(`reads ${c.name}`, () => expect(parseNextLink(c.value)).to.equal(c.want));
    }
  });
});

describe('token realm URLs', () => {
  const cases: { name: string; realm: string; credentialsOverTls: boolean; refused: string | undefined }[] = [
    { name: 'an https realm with credentials', realm: 'https://auth.docker.io/token', credentialsOverTls: true, refused: undefined },
    { name: 'a plain-HTTP realm without credentials (or for an insecure import)', realm: 'http://localhost:5001/token', credentialsOverTls: false, refused: undefined },
    { name: 'a plain-HTTP realm when credentials would travel in clear', realm: 'http://localhost:5001/token', credentialsOverTls: true,
      refused: 'the token realm localhost:5001 is plain HTTP; credentials are sent to it only for insecure imports' },
    { name: 'a non-http scheme', realm: 'file:///etc/passwd', credentialsOverTls: false, refused: 'the token realm is not http(s)' },
    { name: 'an unparsable realm', realm: 'not a url', credentialsOverTls: false, refused: 'the registry named an invalid token realm' },
  ];
  for (const c of cases) {
    it(`${c.refused === undefined ? 'accepts' : 'refuses'} ${c.name}`, () => {
      if (c.refused === undefined) expect(realmUrl(c.realm, c.credentialsOverTls).href).to.equal(new URL(c.realm).href);
      else expect(() => realmUrl(c.realm, c.credentialsOverTls)).to.throw(TokenRealmError, c.refused);
    });
  }
});
