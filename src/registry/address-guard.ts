import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { WebhookError } from '../errors.js';

/**
 * Thrown (through the socket's lookup) when a registry host is, or resolves to, an address imports
 * must not reach: any namespace user who can create an ImageStream can make the controller send a
 * request, so link-local and cloud-metadata endpoints are off limits by default (D18).
 */
export class BlockedAddressError extends WebhookError {
  override name = 'BlockedAddressError';
  constructor(readonly host: string, readonly rule: string) {
    super(`registry host ${host} is refused: ${rule}`);
  }
}

/** The `dns.lookup` signature that `net.connect` calls (with `all: true` when it races IPv4/IPv6). */
export type LookupFunction = (
  hostname: string,
  options: LookupOptions,
  callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
) => void;

/** Cloud metadata endpoints (AWS IPv4/IPv6, GCP, Azure, Alibaba, OpenStack); matches their providers' docs. */
const METADATA_ADDRESSES: readonly [string, 'ipv4' | 'ipv6'][] = [
  ['169.254.169.254', 'ipv4'], ['169.254.170.2', 'ipv4'], ['100.100.100.200', 'ipv4'],
  ['fd00:ec2::254', 'ipv6'],
];
const METADATA_NAMES: ReadonlySet<string> = new Set([
  'metadata.google.internal', 'metadata.goog', 'metadata', 'instance-data', 'instance-data.ec2.internal',
  'metadata.azure.internal', 'metadata.tencentyun.com',
]);

/** Decides which addresses are refused; built once per client from its options. */
export class AddressGuard {
  private readonly metadata = new BlockList();
  private readonly linkLocal = new BlockList();

  /** @param allowLinkLocal the admin's opt-out (D18); metadata addresses stay refused unless this is set. */
  constructor(private readonly allowLinkLocal: boolean) {
    for (const [address, type] of METADATA_ADDRESSES) this.metadata.addAddress(address, type);
    this.linkLocal.addSubnet('169.254.0.0', 16, 'ipv4');
    this.linkLocal.addSubnet('fe80::', 10, 'ipv6');
  }

  /** The rule that refuses `address` (an IP literal), or `undefined` when it may be dialled. */
  addressRule(address: string): string | undefined {
    if (this.allowLinkLocal) return undefined;
    const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
    const family = isIP(bare);
    if (family === 0) return undefined;
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (this.metadata.check(bare, type)) return `${bare} is a cloud metadata address`;
    if (this.linkLocal.check(bare, type)) return `${bare} is a link-local address`;
    return undefined;
  }

  /** The rule that refuses a host name or literal before any lookup, or `undefined`. */
  hostRule(host: string): string | undefined {
    if (this.allowLinkLocal) return undefined;
    const name = host.toLowerCase().replace(/\.$/, '');
    if (METADATA_NAMES.has(name)) return `${name} is a cloud metadata host name`;
    return this.addressRule(name);
  }

  /**
   * Wraps a lookup so that every address a name resolves to is checked when the socket connects,
   * which catches names that point at refused addresses (and DNS answers that change between a
   * check and the connection). Literal IPs skip the lookup in Node, so callers check `hostRule` too.
   */
  guardLookup(base: LookupFunction = dnsLookup as unknown as LookupFunction): LookupFunction {
    return (hostname, options, callback) => {
      const byName = this.hostRule(hostname);
      if (byName !== undefined) {
        callback(new BlockedAddressError(hostname, byName), '');
        return;
      }
      base(hostname, options, (err, address, family) => {
        if (err !== null) {
          callback(err, address, family);
          return;
        }
        const list = Array.isArray(address) ? address.map((a) => a.address) : [address];
        const rule = list.map((a) => this.addressRule(a)).find((r) => r !== undefined);
        if (rule !== undefined) callback(new BlockedAddressError(hostname, rule), '');
        else callback(null, address, family);
      });
    };
  }
}
