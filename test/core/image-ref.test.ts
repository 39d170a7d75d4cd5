import { expect } from 'chai';
import { describe, it } from 'mocha';
import { formatImageRef, ImageRefError, isLocalName, parseImageRef, type ImageRef } from '../../src/core/image-ref.js';
import { Da } from '../helpers/builders.js';
import { seeded } from '../helpers/random.js';

const ref = (o: Partial<ImageRef>): ImageRef => ({ registry: '', namespace: '', name: '', tag: '', id: '', ...o });

describe('parseImageRef', () => {
  const cases: { name: string; image: string; want: ImageRef; local: boolean }[] = [
    { name: 'a bare name is a local name', image: 'ruby', want: ref({ name: 'ruby' }), local: true },
    { name: 'a name with a tag is a local name', image: 'ruby:2.5', want: ref({ name: 'ruby', tag: '2.5' }), local: true },
    { name: 'two components are namespace and name', image: 'myproj/ruby:2.5', want: ref({ namespace: 'myproj', name: 'ruby', tag: '2.5' }), local: false },
    { name: 'the rest after the namespace stays in the name', image: 'bar/foo/baz', want: ref({ namespace: 'bar', name: 'foo/baz' }), local: false },
    { name: 'localhost as the first component is a registry', image: 'localhost/bar', want: ref({ registry: 'localhost', name: 'bar' }), local: false },
    { name: 'a dotted first component is a registry', image: 'docker.io/library/ruby', want: ref({ registry: 'docker.io', namespace: 'library', name: 'ruby' }), local: false },
    { name: 'a host with a port is a registry', image: 'localhost:5000/ruby:2.5', want: ref({ registry: 'localhost:5000', name: 'ruby', tag: '2.5' }), local: false },
    { name: 'a deep path keeps registry, namespace and a slashed name', image: 'quay.io/a/b/c:1', want: ref({ registry: 'quay.io', namespace: 'a', name: 'b/c', tag: '1' }), local: false },
    { name: 'a registry alone has no name', image: 'quay.io', want: ref({ registry: 'quay.io' }), local: false },
    { name: 'a dotted single name is registry-only', image: 'ruby.app:1', want: ref({ registry: 'ruby.app', tag: '1' }), local: false },
    { name: 'a single name starting with localhost is registry-only', image: 'localhost-app', want: ref({ registry: 'localhost-app' }), local: false },
    { name: 'a digest is kept', image: `ruby@${Da}`, want: ref({ name: 'ruby', id: Da }), local: false },
    { name: 'tag and digest are both kept', image: `ruby:2.5@${Da}`, want: ref({ name: 'ruby', tag: '2.5', id: Da }), local: false },
    { name: 'an uppercase registry host is allowed', image: 'Quay.io/acme/app', want: ref({ registry: 'Quay.io', namespace: 'acme', name: 'app' }), local: false },
    { name: 'an uppercase first component parses as a domain-shaped namespace', image: 'Acme/ruby', want: ref({ namespace: 'Acme', name: 'ruby' }), local: false },
    { name: 'separators inside path components are allowed', image: 'my_app.v2__x-y', want: ref({ registry: 'my_app.v2__x-y' }), local: false },
    { name: 'a bracketed IPv6 host with a port is a registry', image: '[::1]:5000/acme/app:v1', want: ref({ registry: '[::1]:5000', namespace: 'acme', name: 'app', tag: 'v1' }), local: false },
    { name: 'a bracketed IPv6 host without a port is a registry', image: '[fe80::1]/app', want: ref({ registry: '[fe80::1]', name: 'app' }), local: false },
    { name: 'underscores and dashes keep a local name', image: 'my_app--x:v1.0-rc_1', want: ref({ name: 'my_app--x', tag: 'v1.0-rc_1' }), local: true },
  ];
  for (const c of cases) {
    it(`${c.name}: ${c.image}`, () => {
      const got = parseImageRef(c.image);
      expect(got).to.deep.equal(c.want);
      expect(isLocalName(got)).to.equal(c.local);
      expect(formatImageRef(got)).to.equal(c.image);
    });
  }

  const errors: { name: string; image: string; message: string }[] = [
    { name: 'an empty string', image: '', message: 'repository name must have at least one component' },
    { name: 'an uppercase name', image: 'Ruby:2.5', message: 'repository name must be lowercase' },
    { name: 'an uppercase namespace under a registry', image: 'quay.io/Acme/ruby', message: 'repository name must be lowercase' },
    { name: 'an empty tag', image: 'ruby:', message: 'invalid reference format' },
    { name: 'a space', image: 'ruby 2', message: 'invalid reference format' },
    { name: 'a leading slash', image: '/ruby', message: 'invalid reference format' },
    { name: 'a digest without a name', image: `@${Da}`, message: 'invalid reference format' },
    { name: 'a too short digest', image: 'ruby@sha256:abc', message: 'invalid reference format' },
    { name: 'a sha256 digest of the wrong length', image: `ruby@sha256:${'a'.repeat(40)}`, message: 'invalid checksum digest length' },
    { name: 'an unknown digest algorithm', image: `ruby@md5:${'a'.repeat(32)}`, message: 'unsupported digest algorithm' },
    { name: 'an uppercase digest', image: `ruby@sha256:${'A'.repeat(64)}`, message: 'invalid checksum digest format' },
    { name: 'a tag longer than 128 characters', image: `ruby:${'a'.repeat(129)}`, message: 'invalid reference format' },
    { name: 'an unclosed IPv6 host', image: '[::1:5000/app', message: 'invalid reference format' },
    { name: 'an empty IPv6 host', image: '[]:5000/app', message: 'invalid reference format' },
    { name: 'an IPv6 host with a zone', image: '[fe80::1%eth0]/app', message: 'invalid reference format' },
    { name: 'an IPv6 host with a dotted IPv4 tail', image: '[::ffff:127.0.0.1]/app', message: 'invalid reference format' },
    { name: 'an unbracketed IPv6 host', image: '::1/app', message: 'invalid reference format' },
    { name: 'a name over 255 characters', image: `a/${'b'.repeat(254)}`, message: 'repository name must not be more than 255 characters' },
  ];
  for (const c of errors) {
    it(`rejects ${c.name} with "${c.message}"`, () => {
      let thrown: unknown;
      try {
        parseImageRef(c.image);
      } catch (err) {
        thrown = err;
      }
      expect(thrown).to.be.instanceOf(ImageRefError);
      expect((thrown as ImageRefError).message).to.equal(c.message);
      expect((thrown as ImageRefError).image).to.equal(c.image);
    });
  }
});

const ALPHABET = 'abcz09AZ:/@._-_ é\u0000sha256:'.split('');

describe('parseImageRef on random strings', () => {
  it('returns a reference that formats back to the input, or throws ImageRefError', () => {
    const seed = 20261126;
    const random = seeded(seed);
    let parsed = 0;
    for (let i = 0; i < 20000; i++) {
      const length = Math.floor(random() * 40);
      let image = '';
      for (let j = 0; j < length; j++) image += ALPHABET[Math.floor(random() * ALPHABET.length)] ?? '';
      if (random() < 0.2) image += `@${Da}`;
      try {
        const got = parseImageRef(image);
        expect(formatImageRef(got), `seed ${seed}, input ${JSON.stringify(image)}`).to.equal(image);
        parsed++;
      } catch (err) {
        expect(err, `seed ${seed}, input ${JSON.stringify(image)}`).to.be.instanceOf(ImageRefError);
      }
    }
    expect(parsed, 'the generator must also produce valid references').to.be.greaterThan(100);
  });
});
