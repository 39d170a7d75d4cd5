/** The libtrust key id distribution looks token signing keys up by. */
import { expect } from 'chai';
import { createPublicKey } from 'node:crypto';
import { describe, it } from 'mocha';
import { base32, libtrustKeyId } from '../../src/integrated-registry/key-id.js';

// A public key only; its id was computed independently with
// `openssl pkey -pubin -outform DER | openssl dgst -sha256 -binary | head -c 30 | base32`.
const PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEnca/0AsWzND6LE8hB3iy23T38xRP
ATy3rgf9RlsAA59crC9XTP+BxgcUsmKv409NGWzPEmpxxMHhzpS6w8f6tg==
-----END PUBLIC KEY-----`;

describe('integrated registry: key id', () => {
  // RFC 4648 section 10 test vectors, without the padding.
  const vectors: [string, string][] = [['', ''], ['f', 'MY'], ['fo', 'MZXQ'], ['foo', 'MZXW6'], ['foob', 'MZXW6YQ'], ['fooba', 'MZXW6YTB'], ['foobar', 'MZXW6YTBOI']];
  for (const [input, want] of vectors) {
    it(`base32 of ${JSON.stringify(input)} is ${JSON.stringify(want)}`, () => {
      expect(base32(Buffer.from(input))).to.equal(want);
    });
  }

  it('is the base32 of the first 30 bytes of the SPKI digest in 12 groups of 4', () => {
    const spki = createPublicKey(PUBLIC_KEY).export({ type: 'spki', format: 'der' });
    expect(libtrustKeyId(spki)).to.equal('MRG4:3TCH:SN7V:CSVK:OGXW:Q2HG:3ODP:D4GP:QPTG:PWLI:KKJT:JVOK');
  });
});
