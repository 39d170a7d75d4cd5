/**
 * Failures the fuzzer found (run against the code before issue 8's fixes), each kept as a named
 * case through the same properties and the real HTTPS server, so they stay fixed.
 */
import { expect } from 'chai';
import { Agent } from 'node:https';
import type { ImageStream, PolicyConfig } from '../../src/core/types.js';
import { ALL, REG } from '../helpers/builders.js';
import { makeCertificates, startTestServer, type CertificateFiles } from '../http/support.js';
import { checkReview, type Verdict } from './properties.js';
import { PYTHON } from './streams.js';

const STREAMS: ImageStream[] = [...ALL, PYTHON];

const review = (request: object) => ({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request });

const podRequest = (resource: string, namespace: string, containers: object[]) => ({
  uid: '6ab4c4f2-3f23-4677-bbbd-7062ffffffe1',
  kind: { group: '', version: 'v1', kind: 'Pod' },
  resource: { group: '', version: 'v1', resource },
  namespace,
  name: 'web',
  operation: 'CREATE',
  userInfo: { username: 'developer' },
  object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers } },
});

const cases: { name: string; config: PolicyConfig; review: object; want: Verdict }[] = [
  {
    name: 'resource "constructor" was a 500 from a plain-object lookup; it is a resource without pod spec',
    config: { resolveImages: 'RequiredRewrite', internalRegistryHostname: REG, alwaysPullImages: true },
    review: review(podRequest('constructor', 'empty', [{ name: 'init', image: 'ruby' }])),
    want: 'Unchanged',
  },
  {
    name: 'RequiredRewrite without internalRegistryHostname rejected its own tag-missing fallback (otherproj ruby:latest) on the second pass',
    config: { resolveImages: 'RequiredRewrite', internalRegistryHostname: '', alwaysPullImages: true },
    review: review(podRequest('pods', 'otherproj', [{ name: 'init', image: 'ruby:latest' }])),
    want: 'Mutated',
  },
];

describe('fuzz-found regressions', () => {
  let certificates: CertificateFiles;
  const agent = new Agent({ keepAlive: true });
  before(() => {
    certificates = makeCertificates();
  });
  after(() => agent.destroy());

  for (const c of cases) {
    it(c.name, async () => {
      const server = await startTestServer({ certificates, config: c.config, streams: STREAMS });
      try {
        expect(await checkReview({ port: server.port, ca: certificates.ca, agent, streams: STREAMS }, c.review)).to.equal(c.want);
      } finally {
        await server.close();
      }
    });
  }
});
