/**
 * The key id distribution's token authentication looks a signing key up by: the "libtrust"
 * fingerprint of the public key. SHA-256 of the DER SubjectPublicKeyInfo, its first 30 bytes
 * (240 bits, so base32 needs no padding), base32 (RFC 4648 alphabet), 12 groups of 4 characters
 * joined by `:`. distribution 2.8 refuses any other `kid` (a JWK thumbprint included) as
 * "untrusted key".
 */
import { createHash } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 of `bytes`, without padding. */
export function base32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

/** The libtrust key id of the public key whose DER SubjectPublicKeyInfo is `spki`. */
export function libtrustKeyId(spki: Uint8Array): string {
  const encoded = base32(createHash('sha256').update(spki).digest().subarray(0, 30));
  return encoded.match(/.{4}/g)?.join(':') ?? '';
}
