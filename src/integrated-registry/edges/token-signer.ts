/**
 * Signs the registry's Bearer tokens with `--token-key`, in the form distribution 2.8 accepts
 * (measured on Debian's 2.8.2): ES256 with the raw r‖s signature jose writes, a `kid` that is the
 * libtrust id of the public key (the certificate in the registry's `rootcertbundle` holds it),
 * `aud` a single string (an array is "malformed"), and `exp` set. Edge: reads a file's text
 * given by the caller, signs with jose.
 */
import { createPrivateKey, createPublicKey, randomUUID } from 'node:crypto';
import { importPKCS8, SignJWT } from 'jose';
import { ConfigError } from '../../errors.js';
import { libtrustKeyId } from '../key-id.js';
import type { RegistryAction } from '../scope.js';

/** One entry of the token's `access` claim. */
export interface GrantedAccess {
  type: 'repository';
  name: string;
  actions: RegistryAction[];
}

export interface TokenClaims {
  issuer: string;
  /** The registry's `auth.token.service`. */
  audience: string;
  /** The user the token was issued to; the registry reports it as the event's `actor.name`. */
  subject: string;
  access: GrantedAccess[];
  /** Seconds since the epoch. */
  issuedAt: number;
  expiresIn: number;
}

export interface TokenSigner {
  /** The libtrust key id written in each token's header. */
  keyId: string;
  sign(claims: TokenClaims): Promise<string>;
}

/**
 * Reads a PKCS#8 PEM EC P-256 private key, or the SEC1 form (`BEGIN EC PRIVATE KEY`) that Helm's
 * `genPrivateKey "ecdsa"` writes; ConfigError naming `source` when it is anything else.
 */
export async function createTokenSigner(given: string, source: string): Promise<TokenSigner> {
  const problem = (text: string, cause?: unknown): ConfigError => new ConfigError(source, [text], { cause });
  const sec1 = given.includes('-----BEGIN EC PRIVATE KEY-----');
  if (!sec1 && !given.includes('-----BEGIN PRIVATE KEY-----')) throw problem('expected a PKCS#8 PEM private key (BEGIN PRIVATE KEY), e.g. from `openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256`, or an EC PRIVATE KEY');
  let privateKey;
  let pem = given;
  try {
    privateKey = createPrivateKey(given);
    if (sec1) pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  } catch (err) {
    throw problem('the private key cannot be read', err);
  }
  if (privateKey.asymmetricKeyType !== 'ec' || privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw problem(`expected an EC P-256 key (ES256), found ${privateKey.asymmetricKeyType ?? 'an unknown type'}${privateKey.asymmetricKeyDetails?.namedCurve === undefined ? '' : ` on ${privateKey.asymmetricKeyDetails.namedCurve}`}`);
  }
  const key = await importPKCS8(pem, 'ES256');
  const keyId = libtrustKeyId(createPublicKey(privateKey).export({ type: 'spki', format: 'der' }));
  return {
    keyId,
    sign: (claims) =>
      new SignJWT({ access: claims.access })
        .setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: keyId })
        .setIssuer(claims.issuer)
        .setSubject(claims.subject)
        .setAudience(claims.audience)
        .setIssuedAt(claims.issuedAt)
        .setNotBefore(claims.issuedAt)
        .setExpirationTime(claims.issuedAt + claims.expiresIn)
        .setJti(randomUUID())
        .sign(key),
  };
}
