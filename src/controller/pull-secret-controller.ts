/**
 * Keeps, in every namespace, the integrated registry's pull Secret for the `default` ServiceAccount
 * (a bound token from TokenRequest, rotated at 80% of its life), lists it in that ServiceAccount's
 * `imagePullSecrets`, and keeps the RoleBinding that lets the namespace's service accounts pull from
 * their own namespace. Runs only while this process leads; what to write is decided by
 * `planPullSecret` (src/integrated-registry/pull-secret.ts).
 */
import type { Clock } from '../clock.js';
import { sleep } from '../clock.js';
import {
  PULL_SECRET_NAME, PULL_SERVICE_ACCOUNT, PULLERS_BINDING_NAME, planPullSecret, pullersBinding, pullSecretObject, tokenRequest,
  type PullSecretView, type ServiceAccountView,
} from '../integrated-registry/pull-secret.js';
import { NAMESPACES, ROLE_BINDINGS, SECRETS, SERVICE_ACCOUNTS } from '../kube/resource-types.js';
import { createObject, getObject, listObjects, patchObject, replaceObject } from '../kube/resources.js';
import type { RestClient } from '../kube/rest-client.js';
import { errorFields, type Logger } from '../log.js';

export interface PullSecretControllerOptions {
  client: RestClient;
  clock: Clock;
  logger: Logger;
  /** The registry's name as pods pull from it, `host[:port]`. */
  registry: string;
  /** The chart's `image-puller` ClusterRole, bound to each namespace's service accounts. */
  pullerClusterRole: string;
  /** How often every namespace is visited again (new namespaces, removed Secrets), in ms. */
  resyncMs?: number;
}

interface TokenAnswer {
  status?: { token?: string; expirationTimestamp?: string };
}

const DEFAULT_RESYNC_MS = 60_000;

export class PullSecretController {
  private abort: AbortController | undefined;
  private loop: Promise<void> | undefined;

  constructor(private readonly options: PullSecretControllerOptions) {}

  /** Starts visiting every namespace (on becoming leader). */
  startLeading(): void {
    if (this.abort !== undefined) return;
    const abort = new AbortController();
    this.abort = abort;
    this.loop = this.run(abort.signal);
  }

  /** Stops after the namespace in hand (on losing the lease or shutting down). */
  async stopLeading(): Promise<void> {
    this.abort?.abort();
    this.abort = undefined;
    await this.loop;
    this.loop = undefined;
  }

  /** One pass over every namespace; resolves with the earliest rotation due, if any. */
  async visitAll(signal?: AbortSignal): Promise<number | undefined> {
    const { client, logger } = this.options;
    const namespaces = await listObjects<{ metadata: { name: string } }>(client, NAMESPACES, undefined);
    let earliest: number | undefined;
    for (const namespace of namespaces) {
      if (signal?.aborted === true) break;
      try {
        const rotateAt = await this.visit(namespace.metadata.name);
        if (rotateAt !== undefined && (earliest === undefined || rotateAt < earliest)) earliest = rotateAt;
      } catch (err) {
        logger.warn({ namespace: namespace.metadata.name, ...errorFields(err) }, 'registry pull secret not updated');
      }
    }
    return earliest;
  }

  /** Brings one namespace to what it needs; resolves with when its token is next due for rotation. */
  async visit(namespace: string): Promise<number | undefined> {
    const { client, clock, registry } = this.options;
    await this.ensureBinding(namespace);
    const serviceAccount = await getObject<ServiceAccountView>(client, SERVICE_ACCOUNTS, { namespace, name: PULL_SERVICE_ACCOUNT });
    const secret = await getObject<PullSecretView>(client, SECRETS, { namespace, name: PULL_SECRET_NAME });
    const plan = planPullSecret({ serviceAccount, secret, now: clock.now() });
    let rotateAt = plan.rotateAt;
    if (plan.token !== undefined) {
      const issuedAt = clock.now();
      const answer = await createObject<TokenAnswer>(client, SERVICE_ACCOUNTS, namespace, tokenRequest(), { namespace, name: PULL_SERVICE_ACCOUNT, subresource: 'token' });
      const token = answer.status?.token ?? '';
      const expiresAt = Date.parse(answer.status?.expirationTimestamp ?? '');
      if (token === '' || Number.isNaN(expiresAt)) throw new Error('the TokenRequest answer has no token or expiration');
      const times = { issued: new Date(issuedAt).toISOString(), expires: new Date(expiresAt).toISOString() };
      const body = pullSecretObject(namespace, registry, token, times, secret?.metadata.resourceVersion);
      if (plan.token === 'create') await createObject(client, SECRETS, namespace, body);
      else await replaceObject(client, SECRETS, { namespace, name: PULL_SECRET_NAME }, body);
      rotateAt = planPullSecret({ serviceAccount, secret: body as PullSecretView, now: issuedAt }).rotateAt;
      this.options.logger.info({ namespace, expires: new Date(expiresAt).toISOString() }, 'registry pull secret written');
    }
    if (plan.serviceAccountPatch !== undefined) {
      await patchObject(client, SERVICE_ACCOUNTS, { namespace, name: PULL_SERVICE_ACCOUNT }, 'application/json-patch+json', plan.serviceAccountPatch);
    }
    return rotateAt;
  }

  /** Creates the pullers RoleBinding when missing; one changed by an admin is left alone. */
  private async ensureBinding(namespace: string): Promise<void> {
    const { client, pullerClusterRole } = this.options;
    const found = await getObject(client, ROLE_BINDINGS, { namespace, name: PULLERS_BINDING_NAME });
    if (found === undefined) await createObject(client, ROLE_BINDINGS, namespace, pullersBinding(namespace, pullerClusterRole));
  }

  private async run(signal: AbortSignal): Promise<void> {
    const { clock, logger } = this.options;
    const resyncMs = this.options.resyncMs ?? DEFAULT_RESYNC_MS;
    while (!signal.aborted) {
      let waitMs = resyncMs;
      try {
        const due = await this.visitAll(signal);
        if (due !== undefined) waitMs = Math.max(0, Math.min(resyncMs, due - clock.now()));
      } catch (err) {
        logger.warn(errorFields(err), 'namespaces not listed for registry pull secrets');
      }
      await sleep(clock, waitMs, signal);
    }
  }
}
