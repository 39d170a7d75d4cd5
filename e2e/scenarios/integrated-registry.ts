import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { AuthorizationV1Api, CoreV1Api, CustomObjectsApi, PatchStrategy, RbacAuthorizationV1Api, setHeaderOptions, type KubeConfig, type V1PolicyRule } from '@kubernetes/client-node';
import type { ImageStream } from '../../src/core/types.js';
import { decodeJwt } from 'jose';
import { SYSTEM_CLOCK } from '../../src/clock.js';
import { PullSecretController } from '../../src/controller/pull-secret-controller.js';
import { PULL_SECRET_NAME } from '../../src/integrated-registry/pull-secret.js';
import { kubeconfigConnection } from '../../src/kube/kubeconfig.js';
import { createRestClient } from '../../src/kube/rest-client.js';
import { createLogger } from '../../src/log.js';
import { eventCount, EVENTS_TOKEN, ISSUER, requestToken, SERVICE, startCompanionFor, type RunningCompanion } from '../../test/integrated-registry/companion-harness.js';
import { pushImage, startRegistry, type TestRegistry } from '../../test/support/registry/index.js';
import { CHART_DIR } from '../harness/chart.js';
import { locateTools } from '../harness/tools.js';
import { waitFor } from '../harness/wait.js';
import { createNamespace } from '../support/api.js';
import { BASE_VALUES, type E2eContext } from '../support/context.js';
import { imagesOf, workload } from '../support/workloads.js';

const GROUP = { group: 'image.openshift.io', version: 'v1', plural: 'imagestreams' };
/** The registry's name as the chart wires it: the webhook's internalRegistryHostname. */
const HOSTNAME = String(BASE_VALUES.internalRegistryHostname);

async function role(kc: KubeConfig, namespace: string, name: string, rules: V1PolicyRule[], serviceAccount: string): Promise<void> {
  const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
  await rbac.createNamespacedRole({ namespace, body: { metadata: { name }, rules } });
  await rbac.createNamespacedRoleBinding({
    namespace,
    body: { metadata: { name }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name }, subjects: [{ kind: 'ServiceAccount', name: serviceAccount, namespace }] },
  });
}

interface RenderedClusterRole {
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  rules: V1PolicyRule[];
}

/** The ClusterRoles of one of the chart's templates as a real install renders them with the registry on. */
async function renderClusterRoles(template: string): Promise<RenderedClusterRole[]> {
  const { helm } = await locateTools();
  const { stdout } = await promisify(execFile)(helm, [
    'template', 'iw', CHART_DIR, '--namespace', 'iw-system', '--set', 'registry.enabled=true',
    '--show-only', `templates/${template}`,
  ], { maxBuffer: 8 << 20 });
  return parseAllDocuments(stdout).map((doc) => doc.toJS() as RenderedClusterRole | null)
    .filter((o): o is RenderedClusterRole => o?.kind === 'ClusterRole');
}

/** A ServiceAccount and a bound token for it, as `kubectl create token` makes. */
async function serviceAccountToken(kc: KubeConfig, namespace: string, name: string): Promise<string> {
  const core = kc.makeApiClient(CoreV1Api);
  await core.createNamespacedServiceAccount({ namespace, body: { metadata: { name } } });
  const answer = await core.createNamespacedServiceAccountToken({ name, namespace, body: { spec: { audiences: [], expirationSeconds: 3600 } } });
  const token = answer.status?.token;
  if (token === undefined) throw new Error(`TokenRequest for ${namespace}/${name} returned no token`);
  return token;
}

/**
 * The integrated registry's companion against the real kube-apiserver (TokenReviews of real
 * ServiceAccount tokens, SubjectAccessReviews answered by RBAC) and Debian's docker-registry:
 * `docker login` with `kubectl create token`, then `docker push`, as the seed does on OpenShift.
 */
export function integratedRegistryScenarios(ctx: E2eContext): void {
  describe('integrated registry: push with Kubernetes tokens and RBAC on imagestreams/layers', function () {
    this.timeout(120_000);
    let ns = '';
    let other = '';
    const clusterRoles: string[] = [];
    let companion: RunningCompanion | undefined;
    let registry: TestRegistry | undefined;
    const tokens = new Map<string, string>();
    const as = (who: string) => ({ url: registry?.url ?? '', caPem: companion?.ca, user: 'any', password: tokens.get(who) ?? '' });
    const read = async (name: string): Promise<ImageStream | undefined> => {
      try {
        return (await ctx.admin.makeApiClient(CustomObjectsApi).getNamespacedCustomObject({ ...GROUP, namespace: ns, name })) as ImageStream;
      } catch {
        return undefined;
      }
    };
    const images = async (name: string, tag: string): Promise<string[] | undefined> =>
      (await read(name))?.status?.tags?.find((t) => t.tag === tag)?.items?.map((i) => i.image ?? '');
    const recorded = (name: string, tag: string, digest: string): Promise<string[]> =>
      waitFor(async () => {
        const now = await images(name, tag);
        return now?.[0] === digest ? now : undefined;
      }, { what: `the push of ${name}:${tag} to be recorded`, timeoutMs: 30_000, intervalMs: 100 });
    /** The actions the companion's token endpoint grants `password`'s holder on `repository`. */
    const actions = async (repository: string, scope: string, password: string): Promise<string[]> => {
      const answer = await requestToken(companion as RunningCompanion, [`repository:${repository}:${scope}`], password);
      const claims = decodeJwt((JSON.parse(answer.body) as { token: string }).token) as { access: { actions: string[] }[] };
      return claims.access.flatMap((entry) => entry.actions);
    };
    /** Creates one of the chart's rendered registry ClusterRoles under a name unique to this run. */
    const createRendered = async (template: string, matches: (role: RenderedClusterRole) => boolean): Promise<string> => {
      const found = (await renderClusterRoles(template)).filter(matches);
      if (found.length !== 1) throw new Error(`expected one matching rendered ClusterRole, got ${found.length}`);
      const [rendered] = found as [RenderedClusterRole];
      const name = `${rendered.metadata.name}-${ns}`;
      await ctx.admin.makeApiClient(RbacAuthorizationV1Api).createClusterRole({ body: { metadata: { name, labels: rendered.metadata.labels }, rules: rendered.rules } });
      clusterRoles.push(name);
      return name;
    };

    before(async () => {
      ns = await createNamespace(ctx.admin, 'push');
      other = await createNamespace(ctx.admin, 'elsewhere');
      for (const sa of ['pusher', 'layers', 'nobody']) tokens.set(sa, await serviceAccountToken(ctx.admin, ns, sa));
      tokens.set('intruder', await serviceAccountToken(ctx.admin, other, 'intruder'));
      await role(ctx.admin, ns, 'pusher', [
        { apiGroups: ['image.openshift.io'], resources: ['imagestreams/layers'], verbs: ['get', 'update'] },
        { apiGroups: ['image.openshift.io'], resources: ['imagestreams'], verbs: ['create'] },
      ], 'pusher');
      await role(ctx.admin, ns, 'layers', [{ apiGroups: ['image.openshift.io'], resources: ['imagestreams/layers'], verbs: ['get', 'update'] }], 'layers');
      companion = await startCompanionFor(ctx.admin.exportConfig(), HOSTNAME);
      registry = await startRegistry({
        mode: 'token', tls: false,
        tokenAuth: { realm: companion.realm, service: SERVICE, issuer: ISSUER, rootCertBundle: companion.tokenCertFile },
        notifications: { url: companion.eventsUrl, token: EVENTS_TOKEN, timeout: '5s' },
      });
    });
    after(async () => {
      const rbac = ctx.admin.makeApiClient(RbacAuthorizationV1Api);
      for (const name of clusterRoles) await rbac.deleteClusterRole({ name }).catch(() => undefined);
      await registry?.stop();
      await companion?.stop();
    });

    it('a ServiceAccount allowed to push logs in with its token and pushes; the stream appears with the pushed digest', async () => {
      const pushed = await pushImage({ registry: as('pusher'), repository: `${ns}/app`, tags: ['v1'], kind: 'docker', content: `${ns} app v1` });
      expect(await recorded('app', 'v1', pushed.digest)).to.deep.equal([pushed.digest]);
      const stream = await read('app');
      expect(stream?.status?.dockerImageRepository).to.equal(`${HOSTNAME}/${ns}/app`);
      expect(stream?.status?.tags?.[0]?.items?.[0]?.dockerImageReference).to.equal(`${HOSTNAME}/${ns}/app@${pushed.digest}`);
      const line = companion?.logs.withMessage('push recorded').find((l) => l.image === pushed.digest);
      expect(line?.actor).to.equal(`system:serviceaccount:${ns}:pusher`);
    });

    it('a second push of new content moves the tag and keeps history; a re-push of the same manifest adds nothing', async () => {
      const first = (await images('app', 'v1')) ?? [];
      const pushed = await pushImage({ registry: as('pusher'), repository: `${ns}/app`, tags: ['v1'], kind: 'docker', content: `${ns} app v2` });
      expect(await recorded('app', 'v1', pushed.digest)).to.deep.equal([pushed.digest, ...first]);
      const version = (await read('app'))?.metadata.resourceVersion;
      const unchanged = await eventCount(companion as RunningCompanion, 'unchanged');
      await pushImage({ registry: as('pusher'), repository: `${ns}/app`, tags: ['v1'], kind: 'docker', content: `${ns} app v2` });
      await waitFor(async () => ((await eventCount(companion as RunningCompanion, 'unchanged')) > unchanged ? true : undefined),
        { what: 'the re-push event to be handled', timeoutMs: 30_000, intervalMs: 100 });
      expect((await read('app'))?.metadata.resourceVersion).to.equal(version);
    });

    it('update on imagestreams/layers without create pushes to an existing stream but cannot create one', async () => {
      await pushImage({ registry: as('layers'), repository: `${ns}/new-one`, tags: ['v1'], kind: 'docker' })
        .then(() => expect.fail('the push should be refused'), (err: Error) => expect(err.message).to.match(/still 401/));
      expect(await read('new-one')).to.equal(undefined);
      const pushed = await pushImage({ registry: as('layers'), repository: `${ns}/app`, tags: ['layers'], kind: 'docker', content: `${ns} layers` });
      expect(await recorded('app', 'layers', pushed.digest)).to.deep.equal([pushed.digest]);
    });

    it('a ServiceAccount without rights, or from another namespace, gets no push access and nothing is written', async () => {
      for (const who of ['nobody', 'intruder']) {
        await pushImage({ registry: as(who), repository: `${ns}/app`, tags: [who], kind: 'docker' })
          .then(() => expect.fail(`${who}'s push should be refused`), (err: Error) => expect(err.message).to.match(/still 401/));
        expect(await images('app', who)).to.equal(undefined);
      }
    });

    it('the controller\'s pull Secret lets the namespace\'s default ServiceAccount pull from its own namespace only', async () => {
      const core = ctx.admin.makeApiClient(CoreV1Api);
      const puller = `e2e-image-puller-${ns}`;
      await ctx.admin.makeApiClient(RbacAuthorizationV1Api).createClusterRole({
        body: { metadata: { name: puller }, rules: [{ apiGroups: ['image.openshift.io'], resources: ['imagestreams', 'imagestreams/layers'], verbs: ['get'] }] },
      });
      // kube-controller-manager makes `default`; make it here when it is not running.
      await core.createNamespacedServiceAccount({ namespace: ns, body: { metadata: { name: 'default' } } }).catch(() => undefined);
      const client = createRestClient(kubeconfigConnection(ctx.admin.exportConfig(), { file: 'e2e admin' }));
      const controller = new PullSecretController({ client, clock: SYSTEM_CLOCK, logger: createLogger({ level: 'silent' }), registry: HOSTNAME, pullerClusterRole: puller });
      await controller.visit(ns);
      expect((await core.readNamespacedServiceAccount({ name: 'default', namespace: ns })).imagePullSecrets).to.deep.include({ name: PULL_SECRET_NAME });
      const secret = await core.readNamespacedSecret({ name: PULL_SECRET_NAME, namespace: ns });
      expect(secret.type).to.equal('kubernetes.io/dockerconfigjson');
      const config = JSON.parse(Buffer.from(secret.data?.['.dockerconfigjson'] ?? '', 'base64').toString('utf8')) as { auths: Record<string, { password: string }> };
      const password = config.auths[HOSTNAME]?.password ?? '';
      // RBAC sees a new RoleBinding within moments; the companion caches grants, never refusals.
      expect(await waitFor(async () => {
        const granted = await actions(`${ns}/app`, 'pull,push', password);
        return granted.length > 0 ? granted : undefined;
      }, { what: 'the pullers RoleBinding to grant pull', timeoutMs: 30_000, intervalMs: 250 })).to.deep.equal(['pull']);
      expect(await actions('kube-system/app', 'pull,push', password)).to.deep.equal([]);
    });

    it('a Deployment naming app:v1 with lookup enabled resolves to the pushed digest', async () => {
      const current = (await images('app', 'v1'))?.[0];
      await ctx.admin.makeApiClient(CustomObjectsApi).patchNamespacedCustomObject({ ...GROUP, namespace: ns, name: 'app', body: { spec: { lookupPolicy: { local: true } } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
      const resolved = await waitFor(async () => {
        const created = await ctx.objects().create(workload('Deployment', ns, `web-${Date.now()}`, [{ name: 'web', image: 'app:v1' }]), undefined, 'All');
        const [image] = imagesOf(created);
        return image === 'app:v1' ? undefined : image;
      }, { what: 'the webhook to resolve app:v1', timeoutMs: 30_000, intervalMs: 250 });
      expect(resolved).to.equal(`${HOSTNAME}/${ns}/app@${current}`);
    });

    it('a ServiceAccount bound to the built-in `edit` ClusterRole pushes through the chart\'s aggregated layers rules', async () => {
      const user = `system:serviceaccount:${ns}:editor`;
      const mayPush = async (): Promise<boolean> => (await ctx.admin.makeApiClient(AuthorizationV1Api).createSubjectAccessReview({
        body: { spec: { user, groups: ['system:authenticated'], resourceAttributes: { namespace: ns, verb: 'update', group: GROUP.group, resource: GROUP.plural, subresource: 'layers' } } },
      })).status?.allowed === true;
      tokens.set('editor', await serviceAccountToken(ctx.admin, ns, 'editor'));
      await ctx.admin.makeApiClient(RbacAuthorizationV1Api).createNamespacedRoleBinding({
        namespace: ns,
        body: { metadata: { name: 'editor-edit' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' }, subjects: [{ kind: 'ServiceAccount', name: 'editor', namespace: ns }] },
      });
      // The built-in edit role alone says nothing about imagestreams/layers: the grant comes from the chart.
      expect(await mayPush()).to.equal(false);
      await createRendered('registry-rbac.yaml', (r) => r.metadata.labels?.['rbac.authorization.k8s.io/aggregate-to-edit'] === 'true');
      // kube-controller-manager's ClusterRole aggregation copies the rules into edit within moments.
      await waitFor(async () => ((await mayPush()) ? true : undefined), { what: 'the aggregated layers rules to reach edit', timeoutMs: 30_000, intervalMs: 250 });
      const pushed = await pushImage({ registry: as('editor'), repository: `${ns}/app`, tags: ['edit'], kind: 'docker', content: `${ns} edit` });
      expect(await recorded('app', 'edit', pushed.digest)).to.deep.equal([pushed.digest]);
      // The companion logs the push just after its status write lands.
      const line = await waitFor(async () => companion?.logs.withMessage('push recorded').find((l) => l.image === pushed.digest),
        { what: 'the push recorded log line', timeoutMs: 10_000, intervalMs: 100 });
      expect(line.actor).to.equal(user);
    });

    it('a ServiceAccount from another namespace cannot pull until the image-puller grant, then can', async () => {
      const intruder = tokens.get('intruder') ?? '';
      expect(await actions(`${ns}/app`, 'pull', intruder)).to.deep.equal([]);
      const puller = await createRendered('rbac-users.yaml', (r) => r.metadata.name.endsWith('-image-puller'));
      // What `kubectl -n <ns> create rolebinding --clusterrole=<image-puller> --group=system:serviceaccounts:<other>` makes.
      await ctx.admin.makeApiClient(RbacAuthorizationV1Api).createNamespacedRoleBinding({
        namespace: ns,
        body: {
          metadata: { name: `pull-from-${other}` },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: puller },
          subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: `system:serviceaccounts:${other}` }],
        },
      });
      // The companion caches grants, never refusals, so the earlier refusal does not linger.
      expect(await waitFor(async () => {
        const granted = await actions(`${ns}/app`, 'pull', intruder);
        return granted.length > 0 ? granted : undefined;
      }, { what: 'the image-puller RoleBinding to grant pull', timeoutMs: 30_000, intervalMs: 250 })).to.deep.equal(['pull']);
      expect(await actions(`${ns}/app`, 'pull,push', intruder)).to.deep.equal(['pull']);
    });
  });
}
