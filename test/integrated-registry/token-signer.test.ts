/** The token signer reads the two PEM forms of an EC P-256 key: PKCS#8 and SEC1 (what Helm's genPrivateKey "ecdsa" writes). */
import { expect } from 'chai';
import { generateKeyPairSync } from 'node:crypto';
import { decodeProtectedHeader } from 'jose';
import { describe, it } from 'mocha';
import { createTokenSigner } from '../../src/integrated-registry/edges/token-signer.js';
import { ConfigError } from '../../src/errors.js';

describe('createTokenSigner', () => {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const sec1 = privateKey.export({ type: 'sec1', format: 'pem' }).toString();

  it('gives a SEC1 key the same key id as its PKCS#8 form, and signs with it', async () => {
    const fromPkcs8 = await createTokenSigner(pkcs8, 'token.key');
    const fromSec1 = await createTokenSigner(sec1, 'token.key');
    expect(fromSec1.keyId).to.equal(fromPkcs8.keyId);
    const token = await fromSec1.sign({ issuer: 'i', subject: 's', audience: 'a', issuedAt: 1_700_000_000, expiresIn: 300, access: [] });
    expect(decodeProtectedHeader(token)).to.include({ alg: 'ES256', kid: fromPkcs8.keyId });
  });

  it('refuses a PKCS#1 RSA key with a ConfigError naming the file', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    const err = await createTokenSigner(rsa, 'token.key').then(() => undefined, (e: unknown) => e);
    expect(err).to.be.instanceOf(ConfigError);
    expect((err as ConfigError).message).to.include('token.key');
  });
});
