import { expect } from 'chai';
import fc from 'fast-check';
import { ImageRefError } from '../../src/core/image-ref.js';
import { parseImportReference, type ImportReference } from '../../src/core/import-reference.js';

const D = `sha256:${'a'.repeat(64)}`;

describe('parseImportReference: the one grammar, normalised for registries', () => {
  const cases: { name: string; input: string; want: ImportReference }[] = [
    { name: 'a short Docker Hub name gets docker.io/library and latest', input: 'ruby',
      want: { registry: 'docker.io', endpoint: 'registry-1.docker.io', repository: 'library/ruby', tag: 'latest', digest: undefined } },
    { name: 'a short name with a tag keeps the tag', input: 'ruby:2.5',
      want: { registry: 'docker.io', endpoint: 'registry-1.docker.io', repository: 'library/ruby', tag: '2.5', digest: undefined } },
    { name: 'docker.io/library/ruby:2.5 as oc tag writes it', input: 'docker.io/library/ruby:2.5',
      want: { registry: 'docker.io', endpoint: 'registry-1.docker.io', repository: 'library/ruby', tag: '2.5', digest: undefined } },
    { name: 'index.docker.io is Docker Hub too', input: 'index.docker.io/ruby:2.5',
      want: { registry: 'docker.io', endpoint: 'registry-1.docker.io', repository: 'library/ruby', tag: '2.5', digest: undefined } },
    { name: 'a two-segment Hub name has no library prefix', input: 'openshift/origin-cli',
      want: { registry: 'docker.io', endpoint: 'registry-1.docker.io', repository: 'openshift/origin-cli', tag: 'latest', digest: undefined } },
    { name: 'a registry with a port and a nested repository', input: '127.0.0.1:5000/acme/team/app:v1',
      want: { registry: '127.0.0.1:5000', endpoint: '127.0.0.1:5000', repository: 'acme/team/app', tag: 'v1', digest: undefined } },
    { name: 'a one-segment repository on another registry has no library prefix', input: 'quay.io/app',
      want: { registry: 'quay.io', endpoint: 'quay.io', repository: 'app', tag: 'latest', digest: undefined } },
    { name: 'localhost counts as a registry', input: 'localhost/app',
      want: { registry: 'localhost', endpoint: 'localhost', repository: 'app', tag: 'latest', digest: undefined } },
    { name: 'a digest-pinned reference has no default tag', input: `quay.io/acme/app@${D}`,
      want: { registry: 'quay.io', endpoint: 'quay.io', repository: 'acme/app', tag: undefined, digest: D } },
    { name: 'a tag and a digest keep both', input: `quay.io/acme/app:v1@${D}`,
      want: { registry: 'quay.io', endpoint: 'quay.io', repository: 'acme/app', tag: 'v1', digest: D } },
    { name: 'an IPv6 registry literal in brackets', input: '[::1]:5000/acme/app:v1',
      want: { registry: '[::1]:5000', endpoint: '[::1]:5000', repository: 'acme/app', tag: 'v1', digest: undefined } },
    { name: 'an IPv6 registry is named in its shortest form', input: '[0:0:0:0:0:0:0:1]:05000/acme/app',
      want: { registry: '[::1]:5000', endpoint: '[::1]:5000', repository: 'acme/app', tag: 'latest', digest: undefined } },
    { name: 'registry-1.docker.io is Docker Hub too', input: 'registry-1.docker.io/library/ruby:2.5',
      want: { registry: 'docker.io', endpoint: 'registry-1.docker.io', repository: 'library/ruby', tag: '2.5', digest: undefined } },
    { name: 'an IPv4 literal is named as a connection dials it', input: '127.1:5000/acme/app',
      want: { registry: '127.0.0.1:5000', endpoint: '127.0.0.1:5000', repository: 'acme/app', tag: 'latest', digest: undefined } },
    { name: 'a registry host is lowercased', input: 'Registry.Example.COM/acme/app',
      want: { registry: 'registry.example.com', endpoint: 'registry.example.com', repository: 'acme/app', tag: 'latest', digest: undefined } },
    { name: 'path separators: dots, single and double underscores, dash runs', input: 'a.b/c_d__e---f',
      want: { registry: 'a.b', endpoint: 'a.b', repository: 'c_d__e---f', tag: 'latest', digest: undefined } },
  ];
  for (const c of cases) {
    it(c.name, () => expect(parseImportReference(c.input)).to.deep.equal(c.want));
  }

  const invalid: { name: string; input: string; says: string }[] = [
    { name: 'empty', input: '', says: 'repository name must have at least one component' },
    { name: 'upper-case repository', input: 'quay.io/Acme/app', says: 'repository name must be lowercase' },
    { name: 'an upper-case Docker Hub namespace', input: 'Acme/app', says: 'repository name must be lowercase' },
    { name: 'a registry without a repository', input: 'quay.io', says: 'names a registry but no repository' },
    { name: 'a trailing separator', input: 'quay.io/acme-/app', says: 'invalid reference format' },
    { name: 'an empty path segment', input: 'quay.io/acme//app', says: 'invalid reference format' },
    { name: 'a triple underscore', input: 'acme/a___b', says: 'invalid reference format' },
    { name: 'a bad tag', input: 'acme/app:-v1', says: 'invalid reference format' },
    { name: 'a short digest', input: 'acme/app@sha256:abc', says: 'invalid reference format' },
    { name: 'an unknown digest algorithm', input: `acme/app@md5:${'a'.repeat(32)}`, says: 'unsupported digest algorithm' },
    { name: 'a port out of range', input: 'host.example:99999/app', says: 'invalid registry host' },
    { name: 'an IPv4 literal out of range', input: '999.1.1.1:5000/app', says: 'invalid registry host' },
    { name: 'a registry label ending in a hyphen', input: 'bad-.example.com/app', says: 'invalid reference format' },
    { name: 'too long', input: `acme/${'a'.repeat(2000)}`, says: 'invalid reference format' },
  ];
  for (const c of invalid) {
    it(`refuses ${c.name} with an ImageRefError naming the problem`, () => {
      expect(() => parseImportReference(c.input)).to.throw(ImageRefError, c.says);
    });
  }

  it('round-trips any valid registry/repository:tag it is given (property)', () => {
    const component = fc.stringMatching(/^[a-z0-9]{1,8}$/);
    fc.assert(fc.property(fc.constantFrom('quay.io', '127.0.0.1:5000', 'registry.example.com:443'),
      fc.array(component, { minLength: 1, maxLength: 4 }), fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,20}$/), (registry, parts, tag) => {
        const got = parseImportReference(`${registry}/${parts.join('/')}:${tag}`);
        expect(got).to.deep.equal({ registry, endpoint: registry, repository: parts.join('/'), tag, digest: undefined });
      }));
  });

  it('never throws anything but ImageRefError, whatever the input (property)', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300, unit: fc.constantFrom(...'aZ09:/@._-[]'.split('')) }), (input) => {
      try {
        parseImportReference(input);
      } catch (err) {
        expect(err).to.be.instanceOf(ImageRefError);
      }
    }));
  });
});
