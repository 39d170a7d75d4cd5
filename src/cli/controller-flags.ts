import { InputError } from '../errors.js';
import { parseLogLevel, type LogLevel } from '../log.js';
import { parseHostPort, parseStringFlags, type HostPort } from './serve-flags.js';

/** `controller --help`. */
export const CONTROLLER_USAGE = `usage: imagestream-webhook controller [flags]

  --kubeconfig FILE           cluster access (default: in-cluster, else $KUBECONFIG or ~/.kube/config)
  --config FILE               controller configuration (default: the documented defaults)
  --metrics-listen HOST:PORT  plain HTTP address for /healthz, /readyz, /metrics (default 0.0.0.0:8080)
  --leader-elect=true|false   hold a coordination.k8s.io Lease so only one replica imports (default true)
  --triggers=true|false      run the image change trigger controller on workloads (default true)
  --lease-namespace NS        namespace of the Lease (default: the pod's, else the kubeconfig context's)
  --integrated-registry HOST[:PORT]
                              keep a pull Secret for this registry in every namespace's default ServiceAccount
                              and the pullers RoleBinding (default: off)
  --image-puller-role NAME    the ClusterRole the pullers RoleBinding grants (default image-puller)
  --log-level LEVEL           debug, info (default: one line per import), warn, error or silent
`;

export interface ControllerOptions {
  kubeconfig?: string;
  config?: string;
  metricsListen: HostPort;
  leaderElect: boolean;
  /** Follow image.openshift.io/triggers on Deployments, DaemonSets, StatefulSets and CronJobs. */
  triggers: boolean;
  leaseNamespace?: string;
  /** The integrated registry's name as pods pull from it: turns on the pull Secret controller. */
  integratedRegistry?: string;
  /** The ClusterRole bound to each namespace's service accounts for pulls from their own namespace. */
  imagePullerRole: string;
  /** How long shutdown waits for running imports before giving up on them. */
  shutdownGraceMs: number;
  logLevel: LogLevel;
}

/** Parses `controller` flags; throws InputError listing every problem, or returns 'help'. */
export function parseControllerFlags(argv: string[]): ControllerOptions | 'help' {
  const values = parseStringFlags(argv, ['kubeconfig', 'config', 'metrics-listen', 'leader-elect', 'triggers', 'lease-namespace', 'integrated-registry', 'image-puller-role', 'log-level'], 'controller flags');
  if (values === 'help') return 'help';
  const problems: string[] = [];
  const metricsListen = parseHostPort('--metrics-listen', values['metrics-listen'] ?? '0.0.0.0:8080', problems);
  const elect = values['leader-elect'] ?? 'true';
  if (elect !== 'true' && elect !== 'false') problems.push(`--leader-elect ${JSON.stringify(elect)}: expected true or false`);
  const triggers = values.triggers ?? 'true';
  if (triggers !== 'true' && triggers !== 'false') problems.push(`--triggers ${JSON.stringify(triggers)}: expected true or false`);
  if (values['lease-namespace'] === '') problems.push('--lease-namespace must not be empty');
  const registry = values['integrated-registry'];
  if (registry !== undefined && !/^[a-z0-9.-]+(:[0-9]{1,5})?$/i.test(registry)) problems.push(`--integrated-registry ${JSON.stringify(registry)}: expected HOST[:PORT]`);
  if (values['image-puller-role'] === '') problems.push('--image-puller-role must not be empty');
  const logLevel = parseLogLevel(values['log-level'], problems);
  if (problems.length > 0) throw new InputError('controller flags', problems);
  return {
    metricsListen,
    leaderElect: elect === 'true',
    triggers: triggers === 'true',
    ...(values.kubeconfig === undefined ? {} : { kubeconfig: values.kubeconfig }),
    ...(values.config === undefined ? {} : { config: values.config }),
    ...(values['lease-namespace'] === undefined ? {} : { leaseNamespace: values['lease-namespace'] }),
    ...(registry === undefined ? {} : { integratedRegistry: registry }),
    imagePullerRole: values['image-puller-role'] ?? 'image-puller',
    shutdownGraceMs: 20_000,
    logLevel,
  };
}
