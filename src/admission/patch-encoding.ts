import type { PatchOperation } from '../core/types.js';

/** Operations serialised per step: small enough that no step allocates more than a few hundred KiB. */
const OPERATIONS_PER_CHUNK = 1024;

/**
 * The JSON patch as base64 of its JSON text, in chunks, without ever holding the whole JSON text
 * or a whole-patch Buffer: a 30,000-container Deployment makes a patch of tens of MiB, and a
 * string-then-Buffer-then-base64 chain held three copies of it at once. Each chunk's bytes are
 * cut at a multiple of 3 so the concatenated base64 equals base64 of the whole text.
 */
export function encodePatchBase64(patch: readonly PatchOperation[]): Buffer[] {
  const chunks: Buffer[] = [];
  let carry = Buffer.alloc(0);
  for (let start = 0; start < patch.length; start += OPERATIONS_PER_CHUNK) {
    const ops = JSON.stringify(patch.slice(start, start + OPERATIONS_PER_CHUNK)).slice(1, -1);
    const text = `${start === 0 ? '[' : ','}${ops}${start + OPERATIONS_PER_CHUNK >= patch.length ? ']' : ''}`;
    const bytes = Buffer.concat([carry, Buffer.from(text, 'utf8')]);
    const whole = bytes.length - (bytes.length % 3);
    chunks.push(Buffer.from(bytes.subarray(0, whole).toString('base64'), 'latin1'));
    carry = Buffer.from(bytes.subarray(whole));
  }
  if (patch.length === 0) return [Buffer.from(Buffer.from('[]').toString('base64'), 'latin1')];
  if (carry.length > 0) chunks.push(Buffer.from(carry.toString('base64'), 'latin1'));
  return chunks;
}
