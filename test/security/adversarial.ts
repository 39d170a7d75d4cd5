/** A long run of one character class of the reference grammar, then one character that breaks it. */
export interface AdversarialFamily {
  run: string;
  mismatch: string;
}

/** What growth-worker.ts reports for one parser and one family. */
export interface GrowthResult {
  parser: string;
  family: string;
  /** Cost at 10n divided by cost at n: about 10 when linear, 100 when quadratic. */
  ratio: number;
  /** The parser's answer on the HUGE_SIZE input, JSON-encoded. */
  answer: string;
}

/**
 * Runs of every character class the grammar distinguishes (lowercase, uppercase, digits, each
 * separator, domain, port, tag and digest parts), each followed by characters the grammar
 * refuses at that point: the shapes that make a backtracking engine retry every split. The last
 * two open an IPv6 registry host (`[…]`) over and over.
 */
const RUNS = ['a', '0', 'A', 'a-', 'a--', 'a.', 'a_', 'a__', 'a/', 'A-', 'A.', 'a:1/', 'x:', 'x@a.', 'x@sha256:0', '[a:', '[::1]/'];
const MISMATCHES = ['!', 'A'];

export const ADVERSARIAL_FAMILIES: readonly AdversarialFamily[] = RUNS.flatMap((run) => MISMATCHES.map((mismatch) => ({ run, mismatch })));

/** The n and 10n of the growth comparison. */
export const GROWTH_SIZES = [32 * 1024, 320 * 1024] as const;

/** The API server's request limit: no image string in a review can be longer. */
export const HUGE_SIZE = 3 * 1024 * 1024;

/** `size` characters: the run repeated (a prefix `x` stands for the part before it), then the mismatch. */
export function adversarialInput(family: AdversarialFamily, size: number): string {
  return family.run.repeat(Math.ceil(size / family.run.length)).slice(0, size - family.mismatch.length) + family.mismatch;
}
