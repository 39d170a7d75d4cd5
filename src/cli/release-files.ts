import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { InputError } from '../errors.js';
import { loadKubeConnection, type KubeConnection } from '../kube/kube-connection.js';
import { CONFIG_MAPS, DEPLOYMENTS, SECRETS, SERVICE_ACCOUNTS } from '../kube/resource-types.js';
import { createObject, getObject, listObjects } from '../kube/resources.js';
import { createRestClient, type RestClient } from '../kube/rest-client.js';
import { errorFields } from '../log.js';
import { CA_BUNDLE_KEY, CONTROLLER_COMPONENT, localControllerConfig, type ReleaseComponent } from './release-component.js';

export const RELEASE_FILES_USAGE = `usage: imagestream-webhook release-files --release NAME [--namespace NS] --out DIR [flags]

Writes what the release's Pods mount, so serve (or the import controller) can run outside the
cluster as that release. For serve (installed with webhook.url pointing at this machine and
replicaCount=0):
  DIR/tls.crt, DIR/tls.key, DIR/ca.crt   the release's TLS Secret
  DIR/config.yaml                        the rendered policy from its ConfigMap
  DIR/kubeconfig                         a TokenRequest token of its ServiceAccount (its RBAC, nothing more)
With --component controller:
  DIR/config.yaml                        the controller's configuration from its ConfigMap, its
                                         registries.caBundleFile pointing at DIR/ca-bundle.pem
  DIR/ca-bundle.pem                      the registries' CA bundle (controller.registries.caBundle), if any
  DIR/kubeconfig                         a TokenRequest token of the controller's ServiceAccount

  --release NAME        Helm release name
  --namespace NS        release namespace (default: the release name)
  --out DIR             where to write the files (created if missing)
  --component NAME      webhook (default) or controller
  --only config         rewrite only DIR/config.yaml (e.g. after helm upgrade; serve re-reads it)
  --token-seconds N     lifetime of the token (default 86400)
  --kubeconfig FILE     your cluster access (default: $KUBECONFIG or ~/.kube/config)
`;

interface Options {
  release: string;
  namespace: string;
  out: string;
  component: ReleaseComponent;
  onlyConfig: boolean;
  tokenSeconds: number;
  kubeconfig?: string;
}

function parseOptions(argv: string[]): Options | 'help' {
  if (argv.includes('--help') || argv.includes('-h')) return 'help';
  let values;
  try {
    values = parseArgs({
      args: argv, strict: true,
      options: Object.fromEntries(['release', 'namespace', 'out', 'component', 'only', 'token-seconds', 'kubeconfig'].map((n) => [n, { type: 'string' as const }])),
    }).values;
  } catch (err) {
    throw new InputError('release-files flags', [errorFields(err).error]);
  }
  const problems: string[] = [];
  const component = values.component ?? 'webhook';
  if (component !== 'webhook' && component !== 'controller') problems.push(`--component ${JSON.stringify(component)}: expected webhook or controller`);
  if (!values.release) problems.push('--release NAME is required');
  if (!values.out) problems.push('--out DIR is required');
  if (values.only !== undefined && values.only !== 'config') problems.push(`--only ${JSON.stringify(values.only)}: only "config" is supported`);
  const tokenSeconds = Number(values['token-seconds'] ?? '86400');
  if (!Number.isInteger(tokenSeconds) || tokenSeconds < 600) problems.push('--token-seconds: expected a whole number of seconds, at least 600');
  if (problems.length > 0) throw new InputError('release-files flags', problems);
  return {
    release: values.release ?? '', namespace: values.namespace ?? values.release ?? '', out: values.out ?? '', component: component === 'controller' ? 'controller' : 'webhook',
    onlyConfig: values.only === 'config', tokenSeconds, ...(values.kubeconfig === undefined ? {} : { kubeconfig: values.kubeconfig }),
  };
}

/** What the release's Deployment mounts: the names a chart install chose (tls.mode, serviceAccount.name). */
interface Mounts {
  /** The webhook's TLS Secret; the controller mounts none. */
  secret: string | undefined;
  configMap: string;
  serviceAccount: string;
}

/** The fields of a Deployment's pod spec this command reads. */
interface PodSpec {
  serviceAccountName?: string;
  volumes?: { name: string; secret?: { secretName?: string }; configMap?: { name?: string } }[];
}

async function findMounts(client: RestClient, o: Options): Promise<Mounts> {
  const selector = `app.kubernetes.io/instance=${o.release},app.kubernetes.io/name=imagestream-webhook`;
  type Deployment = { metadata?: { labels?: Record<string, string> }; spec?: { template?: { spec?: PodSpec } } };
  const deployments = await listObjects<Deployment>(client, DEPLOYMENTS, o.namespace, `?labelSelector=${encodeURIComponent(selector)}`);
  const isController = (labels: Record<string, string> | undefined): boolean => labels?.['app.kubernetes.io/component'] === CONTROLLER_COMPONENT;
  const deployment = deployments.find((d) => isController(d.metadata?.labels) === (o.component === 'controller'));
  const spec = deployment?.spec?.template?.spec;
  const volume = (name: string) => spec?.volumes?.find((v) => v.name === name);
  const mounts = { secret: volume('tls')?.secret?.secretName, configMap: volume('config')?.configMap?.name, serviceAccount: spec?.serviceAccountName };
  if ((o.component === 'webhook' && !mounts.secret) || !mounts.configMap || !mounts.serviceAccount) {
    const what = o.component === 'webhook' ? 'the webhook Deployment with tls and config volumes' : 'the controller Deployment (controller.enabled) with its config volume';
    throw new InputError(`release ${o.namespace}/${o.release}`, [`no Deployment labelled ${selector}: ${what} (is the chart installed there?)`]);
  }
  return { secret: mounts.secret, configMap: mounts.configMap, serviceAccount: mounts.serviceAccount };
}

/** Writes `file` by rename, so a serve process watching the directory never reads half a file. */
async function writeAtomically(file: string, content: string, mode = 0o644): Promise<void> {
  await writeFile(`${file}.tmp`, content, { mode });
  await rename(`${file}.tmp`, file);
}

function required(data: Record<string, string> | undefined, key: string, where: string): string {
  const value = data?.[key];
  if (value === undefined || value === '') throw new InputError(where, [`has no ${key}`]);
  return value;
}

async function readData(client: RestClient, type: typeof SECRETS, namespace: string, name: string, what: string): Promise<Record<string, string> | undefined> {
  const object = await getObject<{ data?: Record<string, string> }>(client, type, { namespace, name });
  if (object === undefined) throw new InputError(`${what} ${namespace}/${name}`, ['not found']);
  return object.data;
}

/** A kubeconfig for the same API server (same CA, TLS name and proxy) as `connection`, authenticated by `token`. */
function tokenKubeconfig(connection: KubeConnection, user: string, token: string, namespace: string): string {
  const cluster = {
    server: connection.server.href.replace(/\/$/, ''),
    ...(connection.ca === undefined ? {} : { 'certificate-authority-data': connection.ca.toString('base64') }),
    ...(connection.rejectUnauthorized ? {} : { 'insecure-skip-tls-verify': true }),
    ...(connection.servername === undefined ? {} : { 'tls-server-name': connection.servername }),
    ...(connection.proxy === undefined ? {} : { 'proxy-url': connection.proxy.href }),
  };
  return stringify({
    apiVersion: 'v1', kind: 'Config', 'current-context': 'release',
    clusters: [{ name: 'cluster', cluster }], users: [{ name: user, user: { token } }],
    contexts: [{ name: 'release', context: { cluster: 'cluster', user, namespace } }],
  });
}

async function writeCredentials(client: RestClient, connection: KubeConnection, o: Options, mounts: Mounts): Promise<void> {
  if (mounts.secret !== undefined) {
    const where = `Secret ${o.namespace}/${mounts.secret}`;
    const data = await readData(client, SECRETS, o.namespace, mounts.secret, 'Secret');
    const decode = (key: string): string => Buffer.from(required(data, key, where), 'base64').toString('utf8');
    await writeAtomically(join(o.out, 'tls.crt'), decode('tls.crt'));
    await writeAtomically(join(o.out, 'tls.key'), decode('tls.key'), 0o600);
    if (data?.['ca.crt']) await writeAtomically(join(o.out, 'ca.crt'), decode('ca.crt'));
  }
  const request = { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { audiences: [], expirationSeconds: o.tokenSeconds } };
  const token = await createObject<{ status?: { token?: string } }>(client, SERVICE_ACCOUNTS, o.namespace, request, { namespace: o.namespace, name: mounts.serviceAccount, subresource: 'token' });
  if (!token.status?.token) throw new InputError(`ServiceAccount ${o.namespace}/${mounts.serviceAccount}`, ['TokenRequest returned no token']);
  const user = `system:serviceaccount:${o.namespace}:${mounts.serviceAccount}`;
  // The context's namespace is the release's: the controller's Lease lives there.
  await writeAtomically(join(o.out, 'kubeconfig'), tokenKubeconfig(connection, user, token.status.token, o.namespace), 0o600);
}

/** The ConfigMap's configuration as this machine can use it (the controller's CA bundle moved into DIR). */
async function writeConfig(o: Options, data: Record<string, string> | undefined, where: string): Promise<void> {
  const config = required(data, 'config.yaml', where);
  if (o.component === 'webhook') {
    await writeAtomically(join(o.out, 'config.yaml'), config);
    return;
  }
  const bundle = data?.[CA_BUNDLE_KEY];
  if (bundle !== undefined) await writeAtomically(join(o.out, CA_BUNDLE_KEY), bundle);
  await writeAtomically(join(o.out, 'config.yaml'), localControllerConfig(config, bundle === undefined ? undefined : join(o.out, CA_BUNDLE_KEY), where));
}

/**
 * `imagestream-webhook release-files`: the run-outside-the-cluster recipe's extraction step (used
 * by hack/run-outside.sh and the end-to-end suite). Exit codes: 0 written, 1 cluster or release
 * problem (the message names what), 2 bad flags.
 */
export async function runReleaseFiles(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    const o = parseOptions(argv);
    if (o === 'help') {
      process.stdout.write(RELEASE_FILES_USAGE);
      return 0;
    }
    const connection = loadKubeConnection({ ...(o.kubeconfig === undefined ? {} : { kubeconfig: o.kubeconfig }), env });
    const client = createRestClient(connection);
    try {
      const mounts = await findMounts(client, o);
      await mkdir(o.out, { recursive: true });
      const config = await readData(client, CONFIG_MAPS, o.namespace, mounts.configMap, 'ConfigMap');
      await writeConfig(o, config, `ConfigMap ${o.namespace}/${mounts.configMap}`);
      if (!o.onlyConfig) await writeCredentials(client, connection, o, mounts);
    } finally {
      client.close();
    }
    return 0;
  } catch (err) {
    const usage = err instanceof InputError && err.source === 'release-files flags';
    process.stderr.write(`release-files: ${errorFields(err).error}\n${usage ? RELEASE_FILES_USAGE : ''}`);
    return usage ? 2 : 1;
  }
}
