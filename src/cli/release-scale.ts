import { InputError } from '../errors.js';
import { loadKubeConnection } from '../kube/kube-connection.js';
import { DEPLOYMENTS } from '../kube/resource-types.js';
import { getObject, listObjects, replaceObject } from '../kube/resources.js';
import { createRestClient } from '../kube/rest-client.js';
import { errorFields } from '../log.js';
import { CONTROLLER_COMPONENT } from './release-component.js';
import { parseStringFlags } from './serve-flags.js';

export const RELEASE_SCALE_USAGE = `usage: imagestream-webhook release-scale --release NAME [--namespace NS] --component controller --replicas N

Sets the replicas of a release's in-cluster import controller and prints the number it had, so a
controller run outside the cluster (hack/run-controller-outside.sh) holds the Lease alone and the
in-cluster one can be given its replicas back afterwards.

  --release NAME        Helm release name
  --namespace NS        release namespace (default: the release name)
  --component NAME      controller (the only one whose replicas this sets)
  --replicas N          the new number of replicas (0 or more)
  --kubeconfig FILE     your cluster access (default: $KUBECONFIG or ~/.kube/config); needs get and
                        update of deployments/scale in the release namespace
`;

interface Options {
  release: string;
  namespace: string;
  replicas: number;
  kubeconfig?: string;
}

function parseOptions(argv: string[]): Options | 'help' {
  const values = parseStringFlags(argv, ['release', 'namespace', 'component', 'replicas', 'kubeconfig'], 'release-scale flags');
  if (values === 'help') return 'help';
  const problems: string[] = [];
  if (!values.release) problems.push('--release NAME is required');
  if (values.component !== 'controller') problems.push('--component controller is required');
  const replicas = Number(values.replicas ?? '');
  if (values.replicas === undefined || values.replicas === '' || !Number.isInteger(replicas) || replicas < 0) problems.push('--replicas: expected a whole number, 0 or more');
  if (problems.length > 0) throw new InputError('release-scale flags', problems);
  return {
    release: values.release ?? '', namespace: values.namespace ?? values.release ?? '', replicas,
    ...(values.kubeconfig === undefined ? {} : { kubeconfig: values.kubeconfig }),
  };
}

/**
 * `imagestream-webhook release-scale`: the scale subresource of the release's controller
 * Deployment, written with the resourceVersion it read (a concurrent change fails with 409 rather
 * than being overwritten). Exit codes: 0 done (the previous replicas on stdout), 1 cluster or
 * release problem, 2 bad flags.
 */
export async function runReleaseScale(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    const o = parseOptions(argv);
    if (o === 'help') {
      process.stdout.write(RELEASE_SCALE_USAGE);
      return 0;
    }
    const client = createRestClient(loadKubeConnection({ ...(o.kubeconfig === undefined ? {} : { kubeconfig: o.kubeconfig }), env }));
    try {
      const selector = `app.kubernetes.io/instance=${o.release},app.kubernetes.io/name=imagestream-webhook,app.kubernetes.io/component=${CONTROLLER_COMPONENT}`;
      const deployments = await listObjects<{ metadata?: { name?: string } }>(client, DEPLOYMENTS, o.namespace, `?labelSelector=${encodeURIComponent(selector)}`);
      const name = deployments[0]?.metadata?.name;
      if (name === undefined) throw new InputError(`release ${o.namespace}/${o.release}`, [`no Deployment labelled ${selector} (is the chart installed there with controller.enabled?)`]);
      const ref = { namespace: o.namespace, name, subresource: 'scale' };
      const scale = await getObject<{ metadata?: object; spec?: { replicas?: number } }>(client, DEPLOYMENTS, ref);
      if (scale === undefined) throw new InputError(`Deployment ${o.namespace}/${name}`, ['not found']);
      const previous = scale.spec?.replicas ?? 0;
      // PUT with the resourceVersion read: a concurrent scale fails with 409 instead of being overwritten.
      await replaceObject(client, DEPLOYMENTS, ref, { ...scale, spec: { ...scale.spec, replicas: o.replicas } });
      process.stdout.write(`${previous}\n`);
      return 0;
    } finally {
      client.close();
    }
  } catch (err) {
    const usage = err instanceof InputError && err.source === 'release-scale flags';
    process.stderr.write(`release-scale: ${errorFields(err).error}\n${usage ? RELEASE_SCALE_USAGE : ''}`);
    return usage ? 2 : 1;
  }
}
