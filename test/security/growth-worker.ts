/**
 * Runs in a worker thread for linear-time.test.ts, so a parser that backtracks catastrophically
 * blocks this thread and not mocha's: the test then fails on its deadline instead of hanging.
 * For each (parser, family) it reports the cost ratio between input sizes n and 10n (min of
 * several runs) and the parser's answer on a 3 MiB input.
 */
import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import { parseImageRef, REFERENCE_PATTERN } from '../../src/core/image-ref.js';
import { defaultPullPolicy } from '../../src/core/pull-policy.js';
import { ADVERSARIAL_FAMILIES, GROWTH_SIZES, HUGE_SIZE, adversarialInput, type GrowthResult } from './adversarial.js';

const PARSERS: Readonly<Record<string, (input: string) => unknown>> = {
  'REFERENCE_PATTERN.test': (input) => REFERENCE_PATTERN.test(input),
  parseImageRef: (input) => {
    try {
      return parseImageRef(input);
    } catch (err) {
      return err instanceof Error ? err.name : 'thrown';
    }
  },
  defaultPullPolicy: (input) => defaultPullPolicy(input),
};

/** Costs below this are noise (timer resolution, a stray GC): a constant-time parser scores 1. */
const RESOLUTION_MS = 0.05;

function cost(parse: (input: string) => unknown, input: string, runs: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    parse(input);
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

const results: GrowthResult[] = [];
for (const [parser, parse] of Object.entries(PARSERS)) {
  for (const family of ADVERSARIAL_FAMILIES) {
    const [small, large] = GROWTH_SIZES.map((size) => adversarialInput(family, size));
    if (small === undefined || large === undefined) throw new Error('two growth sizes expected');
    cost(parse, small, 3);
    const ratio = Math.max(cost(parse, large, 5), RESOLUTION_MS) / Math.max(cost(parse, small, 5), RESOLUTION_MS);
    const answer = JSON.stringify(parse(adversarialInput(family, HUGE_SIZE))) ?? 'undefined';
    results.push({ parser, family: `${JSON.stringify(family.run)} then ${JSON.stringify(family.mismatch)}`, ratio, answer });
  }
}
parentPort?.postMessage(results);
