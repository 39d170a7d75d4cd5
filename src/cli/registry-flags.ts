import { REGISTRY_HOST } from '../config/policy-config.js';
import { InputError } from '../errors.js';
import { parseLogLevel, type LogLevel } from '../log.js';
import { parseHostPort, parseStringFlags, type HostPort } from './serve-flags.js';

/** `registry --help`. */
export const REGISTRY_USAGE = `usage: imagestream-webhook registry [flags]

The companion of a distribution registry (registry:2, Debian's docker-registry) configured with
token authentication (auth.token.realm = https://<--listen>/token) and notifications
(an endpoint at http://<--events-listen>/events with the events token as Bearer).

  --kubeconfig FILE              cluster access (default: in-cluster, else $KUBECONFIG or ~/.kube/config)
  --listen HOST:PORT             HTTPS address of GET /token (required)
  --tls-cert FILE                its serving certificate (PEM); re-read when it changes (required)
  --tls-key FILE                 its private key (PEM) (required)
  --token-key FILE               PKCS#8 PEM EC P-256 key that signs tokens; its certificate is the
                                 registry's auth.token.rootcertbundle (required)
  --registry-hostname HOST[:PORT]  the registry's name as pods pull from it (required)
  --events-listen HOST:PORT      plain HTTP address of POST /events, meant for the pod's loopback (required)
  --events-token-file FILE       the Bearer token the registry sends with notifications (required)
  --service NAME                 auth.token.service of the registry, the tokens' audience (default imagestream-registry)
  --issuer NAME                  auth.token.issuer of the registry (default imagestream-webhook)
  --metrics-listen HOST:PORT     plain HTTP address for /healthz, /readyz, /metrics (default 0.0.0.0:8080)
  --log-level LEVEL              debug, info (default: one line per recorded push), warn, error or silent
`;

export interface RegistryOptions {
  kubeconfig?: string;
  listen: HostPort;
  tlsCert: string;
  tlsKey: string;
  tokenKey: string;
  registryHostname: string;
  eventsListen: HostPort;
  eventsTokenFile: string;
  service: string;
  issuer: string;
  metricsListen: HostPort;
  certificatePollMs: number;
  shutdownGraceMs: number;
  logLevel: LogLevel;
}

const FLAGS = ['kubeconfig', 'listen', 'tls-cert', 'tls-key', 'token-key', 'registry-hostname', 'events-listen', 'events-token-file', 'service', 'issuer', 'metrics-listen', 'log-level'];
const REQUIRED = ['listen', 'tls-cert', 'tls-key', 'token-key', 'registry-hostname', 'events-listen', 'events-token-file'] as const;

/** Parses `registry` flags; throws InputError listing every problem, or returns 'help'. */
export function parseRegistryFlags(argv: string[]): RegistryOptions | 'help' {
  const values = parseStringFlags(argv, FLAGS, 'registry flags');
  if (values === 'help') return 'help';
  const problems: string[] = [];
  for (const flag of REQUIRED) if (!values[flag]) problems.push(`--${flag} is required`);
  const listen = values.listen ? parseHostPort('--listen', values.listen, problems) : { host: '', port: 0 };
  const eventsListen = values['events-listen'] ? parseHostPort('--events-listen', values['events-listen'], problems) : { host: '', port: 0 };
  const metricsListen = parseHostPort('--metrics-listen', values['metrics-listen'] ?? '0.0.0.0:8080', problems);
  const hostname = values['registry-hostname'] ?? '';
  if (hostname !== '' && !REGISTRY_HOST.test(hostname)) problems.push(`--registry-hostname ${JSON.stringify(hostname.slice(0, 300))}: expected HOST[:PORT], without a scheme or path`);
  for (const flag of ['service', 'issuer'] as const) if (values[flag] === '') problems.push(`--${flag} must not be empty`);
  const logLevel = parseLogLevel(values['log-level'], problems);
  if (problems.length > 0) throw new InputError('registry flags', problems);
  return {
    ...(values.kubeconfig === undefined ? {} : { kubeconfig: values.kubeconfig }),
    listen,
    tlsCert: values['tls-cert'] ?? '',
    tlsKey: values['tls-key'] ?? '',
    tokenKey: values['token-key'] ?? '',
    registryHostname: hostname,
    eventsListen,
    eventsTokenFile: values['events-token-file'] ?? '',
    service: values.service ?? 'imagestream-registry',
    issuer: values.issuer ?? 'imagestream-webhook',
    metricsListen,
    certificatePollMs: 10_000,
    shutdownGraceMs: 20_000,
    logLevel,
  };
}
