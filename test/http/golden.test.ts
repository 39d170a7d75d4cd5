import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Phase, PolicyConfig } from '../../src/core/types.js';
import { ALL, C0, CA, CR } from '../helpers/builders.js';
import { REPO_ROOT, call, makeCertificates, startTestServer, type CertificateFiles, type TestServer } from './support.js';

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'reviews');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

/** Each fixture pair: `<file>.request.json` is POSTed to `/<phase>`, the answer must equal `<file>.response.json`. */
const cases: { name: string; file: string; phase: Phase; config: PolicyConfig }[] = [
  { name: 'v1 Pod CREATE: local names resolved, a lookupPolicy=false stream warned about, a missing stream left alone', file: 'v1-pod-create-mutate', phase: 'mutate', config: C0 },
  { name: 'v1beta1 Deployment CREATE: answered in v1beta1, template init and containers resolved, Local referencePolicy', file: 'v1beta1-deployment-create-mutate', phase: 'mutate', config: C0 },
  { name: 'v1 Pod CREATE under Required: 422 Invalid with both failing containers', file: 'v1-pod-create-required-rejected', phase: 'mutate', config: CR },
  { name: 'v1beta1 Pod CREATE on /validate with AlwaysPullImages: 403 for IfNotPresent', file: 'v1beta1-pod-create-validate-always-pull-rejected', phase: 'validate', config: CA },
  { name: 'v1 Pod CREATE on /validate with AlwaysPullImages: 403 aggregating one prefixed Forbidden error per field', file: 'v1-pod-create-validate-always-pull-several', phase: 'validate', config: CA },
  { name: 'v1 dry-run Pod CREATE with AlwaysPullImages: resolved and forced to Always like a real create', file: 'v1-pod-create-dry-run-always-pull', phase: 'mutate', config: CA },
  { name: 'v1 ConfigMap CREATE: a kind the policy does not cover is allowed unchanged', file: 'v1-configmap-create-unknown-kind', phase: 'mutate', config: C0 },
  { name: 'v1 pods/ephemeralcontainers UPDATE: subresources are allowed unchanged', file: 'v1-pod-ephemeralcontainers-subresource', phase: 'mutate', config: CA },
  { name: 'v1 Pod DELETE: allowed unchanged with no object', file: 'v1-pod-delete', phase: 'mutate', config: C0 },
];

interface Golden {
  status: number;
  body: { apiVersion: string; kind: string; response: { uid: string; patch?: string } };
  /** The base64 patch decoded, so a reviewer can read what changes. */
  decodedPatch?: unknown;
}

describe('HTTP round trips of AdmissionReviews against golden responses (UPDATE_GOLDEN=1 rewrites them)', () => {
  let certificates: CertificateFiles;
  const servers = new Map<PolicyConfig, TestServer>();

  before(async () => {
    certificates = makeCertificates();
    for (const config of new Set(cases.map((c) => c.config))) {
      servers.set(config, await startTestServer({ certificates, config, streams: ALL }));
    }
  });
  after(async () => {
    for (const server of servers.values()) await server.close();
  });

  for (const c of cases) {
    it(c.name, async () => {
      const request = JSON.parse(readFileSync(join(FIXTURES, `${c.file}.request.json`), 'utf8')) as {
        apiVersion: string;
        request: { uid: string };
      };
      const server = servers.get(c.config);
      if (server === undefined) throw new Error(`no server for ${c.file}`);
      const reply = await call({ port: server.port, ca: certificates.ca, path: `/${c.phase}`, body: request });
      const got: Golden = { status: reply.status, body: JSON.parse(reply.body) as Golden['body'] };
      const patch = got.body.response.patch;
      if (patch !== undefined) got.decodedPatch = JSON.parse(Buffer.from(patch, 'base64').toString('utf8'));
      expect(got.body.apiVersion, 'answered in the request version').to.equal(request.apiVersion);
      expect(got.body.response.uid, 'answered with the request uid').to.equal(request.request.uid);
      const goldenFile = join(FIXTURES, `${c.file}.response.json`);
      if (UPDATE) writeFileSync(goldenFile, `${JSON.stringify(got, null, 2)}\n`);
      expect(got).to.deep.equal(JSON.parse(readFileSync(goldenFile, 'utf8')));
    });
  }
});
