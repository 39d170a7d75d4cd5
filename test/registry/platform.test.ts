import { expect } from 'chai';
import fc from 'fast-check';
import { choosePlatformManifest, type ManifestDescriptor } from '../../src/registry/platform.js';
import type { Platform } from '../../src/registry/types.js';

const digest = (c: string): string => `sha256:${c.repeat(64)}`;
const entry = (d: string, os: string, architecture: string, variant?: string, annotations?: Record<string, string>): ManifestDescriptor =>
  ({ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: digest(d), platform: { os, architecture, ...(variant === undefined ? {} : { variant }) }, ...(annotations === undefined ? {} : { annotations }) });

describe('choosePlatformManifest: the platform a Legacy import records', () => {
  const attestation = entry('0', 'unknown', 'unknown', undefined, { 'vnd.docker.reference.type': 'attestation-manifest' });
  const amd64 = entry('a', 'linux', 'amd64');
  const arm64 = entry('b', 'linux', 'arm64', 'v8');
  const armv7 = entry('c', 'linux', 'arm', 'v7');
  const armv6 = entry('d', 'linux', 'arm', 'v6');
  const cases: { name: string; entries: ManifestDescriptor[]; wanted: Platform; want: ManifestDescriptor | undefined }[] = [
    { name: 'linux/amd64 from a two-platform index', entries: [arm64, amd64], wanted: { os: 'linux', architecture: 'amd64' }, want: amd64 },
    { name: 'linux/arm64 without a variant matches v8', entries: [amd64, arm64], wanted: { os: 'linux', architecture: 'arm64' }, want: arm64 },
    { name: 'linux/arm64/v8 matches an entry without a variant', entries: [entry('e', 'linux', 'arm64')], wanted: { os: 'linux', architecture: 'arm64', variant: 'v8' }, want: entry('e', 'linux', 'arm64') },
    { name: 'the variant asked for, not the first arm', entries: [armv6, armv7], wanted: { os: 'linux', architecture: 'arm', variant: 'v7' }, want: armv7 },
    { name: 'the attestation entry first in the index is skipped', entries: [attestation, amd64], wanted: { os: 'linux', architecture: 'amd64' }, want: amd64 },
    { name: 'unknown/unknown is never chosen, even when asked for', entries: [attestation], wanted: { os: 'unknown', architecture: 'unknown' }, want: undefined },
    { name: 'no entry for the platform', entries: [amd64, arm64], wanted: { os: 'windows', architecture: 'amd64' }, want: undefined },
    { name: 'an entry without a digest is ignored', entries: [{ platform: { os: 'linux', architecture: 'amd64' } }], wanted: { os: 'linux', architecture: 'amd64' }, want: undefined },
  ];
  for (const c of cases) {
    it(c.name, () => expect(choosePlatformManifest(c.entries, c.wanted)).to.deep.equal(c.want));
  }

  it('whatever the index, the choice is one of its linux entries with the asked OS and architecture (property)', () => {
    const arb = fc.record({ d: fc.constantFrom('1', '2', '3', '4'), os: fc.constantFrom('linux', 'unknown', 'windows'),
      arch: fc.constantFrom('amd64', 'arm64', 'unknown'), variant: fc.option(fc.constantFrom('v8', 'v7'), { nil: undefined }) });
    fc.assert(fc.property(fc.array(arb, { maxLength: 6 }), fc.constantFrom('amd64', 'arm64'), (raw, arch) => {
      const entries = raw.map((r) => entry(r.d, r.os, r.arch, r.variant));
      const got = choosePlatformManifest(entries, { os: 'linux', architecture: arch });
      if (got !== undefined) {
        expect(entries).to.include(got);
        expect(got.platform).to.include({ os: 'linux', architecture: arch });
      } else {
        expect(entries.some((e) => e.platform?.os === 'linux' && e.platform.architecture === arch)).to.equal(false);
      }
    }));
  });
});
