/**
 * The admin's allow and block lists mean one thing on both paths an import takes: the import plan
 * (which records a refused tag in its condition without asking anyone) and the registry client
 * (which refuses before sending a request). Each row drives one registry, spelled as users and
 * admins spell it, through both, and both must give the row's answer: the same refusal message,
 * or "allowed". Allowed imports go to a real HTTP server on loopback (names resolve to 127.0.0.1
 * only), which answers 404, so the client's answer shows it asked.
 */
import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'mocha';
import { refusedImportMessage } from '../../src/core/registry-policy.js';
import { planImports } from '../../src/import/plan.js';
import { createRegistryClient, RegistryError, type LookupFunction } from '../../src/registry/index.js';
import { importRequest, rejectionOf } from '../registry/client-fixture.js';
import { dockerTag, SETTINGS, stream } from './support.js';

interface Row {
  name: string;
  /** `P4` and `P6` stand for the ports of the loopback registry on 127.0.0.1 and ::1. */
  reference: string;
  allowed?: string[];
  blocked?: string[];
  /** The rule that refuses it, or undefined when both paths must let it through. */
  rule: string | undefined;
}

const ROWS: Row[] = [
  { name: 'a Docker Hub short name on a docker.io allow-list', reference: 'ruby:1', allowed: ['docker.io'], rule: undefined },
  { name: 'a Docker Hub short name on an index.docker.io allow-list', reference: 'ruby:1', allowed: ['index.docker.io'], rule: undefined },
  { name: 'Docker Hub by its API host on a docker.io allow-list', reference: 'registry-1.docker.io/library/ruby:1', allowed: ['docker.io'], rule: undefined },
  { name: 'Docker Hub by index.docker.io, docker.io blocked', reference: 'index.docker.io/ruby:1', blocked: ['docker.io'],
    rule: 'registry docker.io matches the blocked registry "docker.io"' },
  { name: 'a Docker Hub short name, registry-1.docker.io blocked', reference: 'ruby:1', blocked: ['registry-1.docker.io'],
    rule: 'registry docker.io matches the blocked registry "registry-1.docker.io"' },
  { name: 'a Docker Hub short name outside a quay.io allow-list', reference: 'ruby:1', allowed: ['quay.io'],
    rule: 'registry docker.io is not in the allowed registries' },
  { name: 'IPv6 loopback with a port, allowed by the bare literal', reference: '[::1]:P6/acme/app:v1', allowed: ['::1'], rule: undefined },
  { name: 'IPv6 loopback with a port, allowed by the bracketed literal', reference: '[::1]:P6/acme/app:v1', allowed: ['[::1]'], rule: undefined },
  { name: 'IPv6 loopback spelled long, blocked by its short form and port', reference: '[0:0:0:0:0:0:0:1]:P6/acme/app:v1', blocked: ['[::1]:P6'],
    rule: 'registry [::1]:P6 matches the blocked registry "[::1]:P6"' },
  { name: 'IPv6 loopback outside an IPv4 allow-list', reference: '[::1]:P6/acme/app:v1', allowed: ['127.0.0.1'],
    rule: 'registry [::1]:P6 is not in the allowed registries' },
  { name: 'an IPv4 registry with its port', reference: '127.0.0.1:P4/acme/app:v1', allowed: ['127.0.0.1:P4'], rule: undefined },
  { name: 'an IPv4 port with leading zeros is the same port', reference: '127.0.0.1:0P4/acme/app:v1', blocked: ['127.0.0.1:P4'],
    rule: 'registry 127.0.0.1:P4 matches the blocked registry "127.0.0.1:P4"' },
  { name: 'a short IPv4 form is the address it dials', reference: '127.1:P4/acme/app:v1', blocked: ['127.0.0.1'],
    rule: 'registry 127.0.0.1:P4 matches the blocked registry "127.0.0.1"' },
  { name: 'an upper-case host on a lower-case allow-list', reference: 'Quay.IO/acme/app:1', allowed: ['quay.io'], rule: undefined },
  { name: 'a subdomain under a wildcard block', reference: 'a.example.com/acme/app:1', blocked: ['*.example.com'],
    rule: 'registry a.example.com matches the blocked registry "*.example.com"' },
  { name: 'a registry outside the allow-list', reference: 'ghcr.io/acme/app:1', allowed: ['quay.io', '*.example.com'],
    rule: 'registry ghcr.io is not in the allowed registries' },
];

/** Every name resolves to 127.0.0.1, so allowed imports of public names never leave the machine. */
const loopbackOnly: LookupFunction = (_hostname, options, callback) => {
  if (options.all === true) callback(null, [{ address: '127.0.0.1', family: 4 }]);
  else callback(null, '127.0.0.1', 4);
};

function listen(server: Server, host: string): Promise<number> {
  return new Promise((resolve) => server.listen(0, host, () => resolve((server.address() as AddressInfo).port)));
}

describe('registry allow and block lists: the import plan and the registry client give the same answer', () => {
  const servers = [0, 1].map(() => createServer((req, res) => res.writeHead(req.url === '/v2/' ? 200 : 404).end()));
  let ports = { P4: 0, P6: 0 };
  const fill = (text: string): string => text.replace(/P4|P6/g, (key) => String(ports[key as 'P4' | 'P6']));

  before(async () => {
    const [v4, v6] = servers as [Server, Server];
    ports = { P4: await listen(v4, '127.0.0.1'), P6: await listen(v6, '::1') };
  });
  after(() => servers.forEach((server) => server.close()));

  /** The plan's answer for one reference: the refusal message, `allowed`, or what else it decided. */
  function planAnswer(reference: string, lists: { allowedRegistries: string[]; blockedRegistries: string[] }): string {
    const plan = planImports(stream([dockerTag('t', reference)]), { ...SETTINGS, ...lists });
    const refusal = plan.refused.get('t');
    if (refusal !== undefined) return `${refusal.reason}: ${refusal.message}`;
    if (plan.imports.some((planned) => planned.tag === 't' && planned.reference === reference)) return 'allowed';
    return `neither imported nor refused (invalid: ${JSON.stringify([...plan.invalid.values()])})`;
  }

  function repositoryAnswer(repository: string, lists: { allowedRegistries: string[]; blockedRegistries: string[] }): string {
    const planned = planImports(stream([], [], { repository }), { ...SETTINGS, ...lists }).repository;
    if (planned === undefined) return 'not planned';
    return planned.refusal === undefined ? 'allowed' : `${planned.refusal.reason}: ${planned.refusal.message}`;
  }

  /** The client's answer: the refusal message, or `allowed` when it asked the registry. */
  async function clientAnswer(reference: string, lists: { allowedRegistries: string[]; blockedRegistries: string[] }, list: boolean): Promise<string> {
    let requests = 0;
    const client = createRegistryClient({ ...lists, lookup: loopbackOnly, retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 }, timeoutMs: 5000,
      onRequest: () => { requests += 1; } });
    const request = importRequest(reference, { insecure: true });
    const err = await rejectionOf(list ? client.listTags(request) : client.importImage(request));
    client.close();
    if (err instanceof RegistryError && err.reason === 'Blocked') return `${err.reason}: ${err.message}`;
    return requests > 0 ? 'allowed' : `refused otherwise, without a request: ${String(err)}`;
  }

  for (const row of ROWS) {
    it(`${row.name}: ${row.rule === undefined ? 'allowed' : 'refused'} by both`, async () => {
      const reference = fill(row.reference);
      const lists = { allowedRegistries: (row.allowed ?? []).map(fill), blockedRegistries: (row.blocked ?? []).map(fill) };
      const want = row.rule === undefined ? 'allowed' : `Blocked: ${refusedImportMessage(reference, fill(row.rule))}`;
      expect(planAnswer(reference, lists), 'import plan, tag').to.equal(want);
      expect(await clientAnswer(reference, lists, false), 'registry client, importImage').to.equal(want);
      const repository = reference.slice(0, reference.lastIndexOf(':') > reference.lastIndexOf('/') ? reference.lastIndexOf(':') : undefined);
      const wantRepository = row.rule === undefined ? 'allowed' : `Blocked: ${refusedImportMessage(repository, fill(row.rule))}`;
      expect(repositoryAnswer(repository, lists), 'import plan, repository').to.equal(wantRepository);
      expect(await clientAnswer(repository, lists, true), 'registry client, listTags').to.equal(wantRepository);
    });
  }
});
