import type { AdmissionAttributes, Decision, Lookups, Phase, PolicyConfig } from './types.js';

/**
 * Decides one admission request: R1–R39 and D1–D15. Placeholder until the engine lands; the
 * signature is the contract the HTTP server and the `resolve` command build on.
 */
export function review(
  attrs: AdmissionAttributes,
  config: PolicyConfig,
  lookups: Lookups,
  phase: Phase,
): Promise<Decision> {
  void attrs;
  void config;
  void lookups;
  void phase;
  return Promise.resolve({ allowed: true, outcome: 'Unchanged', patch: [], warnings: [], imagesChanged: 0 });
}
