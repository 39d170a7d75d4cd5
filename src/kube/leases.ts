import { LEASES } from './resource-types.js';
import { createObject, getObject, replaceObject } from './resources.js';
import type { RestClient } from './rest-client.js';

/** A `coordination.k8s.io/v1` Lease with the fields leader election reads and writes; times are MicroTime strings. */
export interface Lease {
  apiVersion: 'coordination.k8s.io/v1';
  kind: 'Lease';
  metadata: { name: string; namespace: string; resourceVersion?: string } & Record<string, unknown>;
  spec?: {
    holderIdentity?: string;
    leaseDurationSeconds?: number;
    acquireTime?: string;
    renewTime?: string;
    leaseTransitions?: number;
  };
}

/** Reads and writes one namespace's Leases; `replace` throws ConflictError when the Lease changed since it was read. */
export interface LeaseClient {
  get(namespace: string, name: string): Promise<Lease | undefined>;
  create(lease: Lease): Promise<Lease>;
  replace(lease: Lease): Promise<Lease>;
}

export function createLeaseClient(client: RestClient): LeaseClient {
  return {
    get: (namespace, name) => getObject<Lease>(client, LEASES, { namespace, name }),
    create: (lease) => createObject<Lease>(client, LEASES, lease.metadata.namespace, lease),
    replace: (lease) => replaceObject<Lease>(client, LEASES, { namespace: lease.metadata.namespace, name: lease.metadata.name }, lease),
  };
}

/** A MicroTime: RFC 3339 with exactly six fractional digits, which the API server insists on for Lease times. */
export function formatMicroTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
