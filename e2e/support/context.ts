import type { KubeConfig, KubernetesObjectApi } from '@kubernetes/client-node';
import type { TokenUser, Users } from '../harness/apiserver.js';
import { E2eEnvironment, RELEASE } from '../harness/environment.js';
import { mergeValues, type Values } from '../harness/values.js';
import type { LocalWebhook } from '../harness/webhook.js';
import { MutationProbe } from './probe.js';

/** The chart values every run starts from; scenario groups change them with {@link E2eContext.reconfigure}. */
export const BASE_VALUES: Values = {
  policy: { resolveImages: 'Attempt', resolutionRules: null },
  internalRegistryHostname: 'image-registry.openshift-image-registry.svc:5000',
  alwaysPullImages: false,
  webhook: { failurePolicy: '' },
};

/** What scenarios see of the run: clients per user, the webhook process, and chart reconfiguration. */
export class E2eContext {
  readonly environment = new E2eEnvironment();
  private probe: MutationProbe | undefined;

  async start(): Promise<void> {
    const run = await this.environment.start(BASE_VALUES);
    this.probe = new MutationProbe(run.admin);
    await this.probe.waitUntilMutating('after helm install');
  }

  /**
   * `helm upgrade` to {@link BASE_VALUES} with `overrides` merged in (`{}` restores the base), the
   * webhook restarted on the new config, then waits until it mutates again.
   */
  async reconfigure(overrides: Values): Promise<void> {
    await this.environment.reconfigure(mergeValues(BASE_VALUES, overrides));
    await this.waitUntilMutating('after helm upgrade');
  }

  async waitUntilMutating(what: string): Promise<void> {
    if (this.probe === undefined) throw new Error('the end-to-end environment is not started');
    await this.probe.waitUntilMutating(what);
  }

  get admin(): KubeConfig {
    return this.environment.run.admin;
  }

  get users(): Users {
    return this.environment.run.controlPlane.apiServer.users;
  }

  get webhook(): LocalWebhook {
    return this.environment.run.webhook;
  }

  /** Generic object client acting as `user` (default: the administrator). */
  objects(user?: TokenUser): KubernetesObjectApi {
    return this.environment.run.objects(user);
  }

  client(user: TokenUser): KubeConfig {
    return this.environment.run.controlPlane.client(user);
  }

  /** Name of the mutating webhook, as the API server quotes it in errors. */
  get mutatingWebhookName(): string {
    return `mutate.${RELEASE.name}.${RELEASE.namespace}.svc`;
  }

  async stop(): Promise<void> {
    await this.environment.stop();
  }
}
