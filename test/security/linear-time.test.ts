import { expect } from 'chai';
import { Worker } from 'node:worker_threads';
import { ADVERSARIAL_FAMILIES, type GrowthResult } from './adversarial.js';

/**
 * Largest accepted cost ratio for a 10x longer input. Linear parsing gives about 10; quadratic
 * about 100; the old exponential grammar never finishes (the deadline below fails the test).
 */
const LINEAR_RATIO_MAX = 30;

/** Generous: the measurements take a few seconds; only a catastrophic parser comes near this. */
const DEADLINE_MS = 120_000;

function measure(): Promise<GrowthResult[]> {
  const worker = new Worker(new URL('./growth-worker.js', import.meta.url));
  return new Promise<GrowthResult[]>((resolve, reject) => {
    const deadline = setTimeout(() => reject(new Error(`parsers did not finish within ${DEADLINE_MS} ms: catastrophic backtracking`)), DEADLINE_MS);
    worker.once('message', (results: GrowthResult[]) => {
      clearTimeout(deadline);
      resolve(results);
    });
    worker.once('error', (err) => {
      clearTimeout(deadline);
      reject(err);
    });
  }).finally(() => void worker.terminate());
}

describe('request-data parsers run in linear time on adversarial input up to 3 MiB', function () {
  this.timeout(DEADLINE_MS + 10_000);
  let results: GrowthResult[] = [];
  before(async () => {
    results = await measure();
  });

  it('costs at most about 10x for every 10x longer run of each character class before a mismatch', () => {
    expect(results.length, 'three parsers times every family').to.equal(3 * ADVERSARIAL_FAMILIES.length);
    const superlinear = results.filter((r) => r.ratio > LINEAR_RATIO_MAX).map((r) => `${r.parser} on ${r.family}: x${r.ratio.toFixed(1)}`);
    expect(superlinear).to.deep.equal([]);
  });

  it('refuses every 3 MiB near-miss: the pattern does not match, parseImageRef throws ImageRefError, the pull policy is IfNotPresent', () => {
    const want: Readonly<Record<string, string>> = {
      'REFERENCE_PATTERN.test': 'false',
      parseImageRef: '"ImageRefError"',
      defaultPullPolicy: '"IfNotPresent"',
    };
    const wrong = results.filter((r) => r.answer !== want[r.parser]).map((r) => `${r.parser} on ${r.family}: ${r.answer}`);
    expect(wrong).to.deep.equal([]);
  });
});
