/**
 * The end-to-end suite: one etcd, one kube-apiserver, the chart installed with helm and the webhook
 * as a local process, shared by every scenario (starting them takes far longer than any scenario).
 * Run with `npm run test:e2e`; `npm test` never loads this file.
 */
import { E2eContext } from './support/context.js';
import { alwaysPullScenarios } from './scenarios/always-pull.js';
import { importControllerScenarios } from './scenarios/import-controller.js';
import { importPrivateRegistryScenarios } from './scenarios/import-private-registry.js';
import { importTagKindScenarios } from './scenarios/import-tag-kinds.js';
import { importStampingScenarios } from './scenarios/import-stamping.js';
import { importCrossNamespaceScenarios } from './scenarios/import-cross-namespace.js';
import { integratedRegistryScenarios } from './scenarios/integrated-registry.js';
import { importHealScenarios } from './scenarios/import-heals.js';
import { kubeLayerScenarios } from './scenarios/kube-layer.js';
import { kubectlImagestreamScenarios } from './scenarios/kubectl-imagestream.js';
import { availabilityScenarios } from './scenarios/availability.js';
import { chartInstallScenarios } from './scenarios/chart-install.js';
import { crossNamespaceScenarios } from './scenarios/cross-namespace.js';
import { exampleScenarios } from './scenarios/examples.js';
import { requiredScenarios } from './scenarios/required.js';
import { resolutionScenarios } from './scenarios/resolution.js';
import { runOutsideScenarios } from './scenarios/run-outside.js';
import { seedExampleScenarios } from './scenarios/seed-examples.js';
import { triggerScenarios } from './scenarios/triggers.js';
import { reapplyScenarios } from './scenarios/reapply.js';
import { updateScenarios } from './scenarios/updates.js';
import { userRoleScenarios } from './scenarios/user-roles.js';

describe('imagestream-webhook against a real kube-apiserver', function () {
  const ctx = new E2eContext();
  before(async function () {
    this.timeout(600_000);
    await ctx.start();
  });
  after(async function () {
    this.timeout(60_000);
    await ctx.stop();
  });

  resolutionScenarios(ctx);
  kubeLayerScenarios(ctx);
  importControllerScenarios(ctx);
  importPrivateRegistryScenarios(ctx);
  importTagKindScenarios(ctx);
  importStampingScenarios(ctx);
  importCrossNamespaceScenarios(ctx);
  triggerScenarios(ctx);
  importHealScenarios(ctx);
  updateScenarios(ctx);
  reapplyScenarios(ctx);
  userRoleScenarios(ctx);
  chartInstallScenarios(ctx);
  runOutsideScenarios(ctx);
  exampleScenarios(ctx);
  seedExampleScenarios(ctx);
  crossNamespaceScenarios(ctx);
  requiredScenarios(ctx);
  alwaysPullScenarios(ctx);
  availabilityScenarios(ctx);
  integratedRegistryScenarios(ctx);
  kubectlImagestreamScenarios(ctx);
});
