/**
 * Property-based fuzzing of the whole webhook through the real HTTPS server on port 0 (issue 8).
 * `npm test` runs a short seeded run; `npm run fuzz` a long one (FUZZ_RUNS, FUZZ_SEED). Every
 * failure it found is a named case in regressions.test.ts.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { Agent } from 'node:https';
import { RESOLVE_IMAGES_POLICIES, type ImageStream, type PolicyConfig } from '../../src/core/types.js';
import { ALL, REG } from '../helpers/builders.js';
import { call, makeCertificates, startTestServer, type CertificateFiles, type TestServer } from '../http/support.js';
import { anyReview } from './arbitraries.js';
import { checkReview, type Verdict } from './properties.js';
import { PYTHON } from './streams.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 1500);
const SEED = Number(process.env.FUZZ_SEED ?? 20261130);
const STREAMS: ImageStream[] = [...ALL, PYTHON];

/** Every resolveImages mode, with and without internalRegistryHostname and AlwaysPullImages. */
const CONFIGS: PolicyConfig[] = RESOLVE_IMAGES_POLICIES.flatMap((resolveImages) =>
  [REG, ''].flatMap((internalRegistryHostname) => [false, true].map((alwaysPullImages) => ({ resolveImages, internalRegistryHostname, alwaysPullImages }))),
);

describe(`property-based fuzzing through the HTTPS server (${RUNS} reviews, seed ${SEED})`, function () {
  this.timeout(0);
  let certificates: CertificateFiles;
  const servers: TestServer[] = [];
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });

  before(async () => {
    certificates = makeCertificates();
    for (const config of CONFIGS) servers.push(await startTestServer({ certificates, config, streams: STREAMS }));
  });
  after(async () => {
    agent.destroy();
    for (const server of servers) await server.close();
  });

  it('answers every review without 5xx; patches apply and are idempotent; changed images are digests or tag-missing fallbacks', async () => {
    const verdicts = new Map<Verdict, number>();
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: CONFIGS.length - 1 }), anyReview, fc.constantFrom('mutate', 'mutate', 'mutate', 'validate'), async (which, review, phase) => {
        const server = servers[which];
        if (server === undefined) throw new Error(`no server ${which}`);
        const verdict = await checkReview({ port: server.port, ca: certificates.ca, agent, streams: STREAMS }, review, phase);
        verdicts.set(verdict, (verdicts.get(verdict) ?? 0) + 1);
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    const tally = [...verdicts].map(([verdict, count]) => `${count} ${verdict}`).join(', ');
    if (process.env.FUZZ_RUNS !== undefined) console.log(`      fuzz: ${RUNS} reviews checked (seed ${SEED}): ${tally}`);
    expect([...verdicts.values()].reduce((a, b) => a + b, 0)).to.equal(RUNS);
    for (const verdict of ['BadRequest', 'Rejected', 'Unchanged', 'Mutated'] as const) {
      expect(verdicts.get(verdict) ?? 0, `the run reached ${verdict} answers (${tally})`).to.be.greaterThan(RUNS / 100);
    }
  });

  it('every server process is still alive and healthy afterwards', async () => {
    for (const server of servers) {
      const reply = await call({ port: server.port, ca: certificates.ca, path: '/healthz' });
      expect(reply.status).to.equal(200);
    }
  });
});
