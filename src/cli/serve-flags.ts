import { InputError } from '../errors.js';
import { MAX_ADMISSION_BODY_BYTES } from '../http/body.js';
import { DEFAULT_MAX_IN_FLIGHT_BYTES } from '../http/in-flight.js';
import { parseLogLevel, type LogLevel } from '../log.js';
import { FlagError, parseFlags, type FlagSpec } from './flags.js';

/** `serve --help`. */
export const USAGE = `usage: imagestream-webhook serve --tls-cert FILE --tls-key FILE [flags]

  --listen HOST:PORT          HTTPS address for /mutate, /validate, /healthz, /readyz (default 0.0.0.0:8443)
  --tls-cert FILE             serving certificate (PEM); re-read when it changes
  --tls-key FILE              its private key (PEM)
  --config FILE               policy configuration (default: OpenShift 4 defaults); re-read when it changes
  --imagestreams FILE|DIR     static ImageStreams; without it they come from the cluster
  --kubeconfig FILE           cluster access (default: in-cluster, else $KUBECONFIG or ~/.kube/config)
  --metrics-listen HOST:PORT  plain HTTP address for /metrics (default 0.0.0.0:8080)
  --max-in-flight-bytes N     admission request and answer bytes held at once; more waits up to 2 s,
                              then gets 429 (default 33554432 = 32 MiB, at least 3145728 = 3 MiB);
                              a request counts its body and 8x that for its answer
  --log-level LEVEL           debug, info (default: one line per review), warn, error or silent
`;

export interface HostPort {
  host: string;
  port: number;
}

export interface ServeOptions {
  listen: HostPort;
  tlsCert: string;
  tlsKey: string;
  config?: string;
  imagestreams?: string;
  kubeconfig?: string;
  metricsListen: HostPort;
  /** Fallback poll of the certificate files, for filesystems whose watch events get lost. */
  certificatePollMs: number;
  /** How long shutdown waits for in-flight reviews; below Kubernetes' 30 s termination grace period. */
  shutdownGraceMs: number;
  /** The in-flight byte budget of the admission server (`--max-in-flight-bytes`). */
  maxInFlightBytes: number;
  /** `--log-level`: `warn` and above drop the per-review line. */
  logLevel: LogLevel;
}

/** `--max-in-flight-bytes` floor: one maximal review must always fit. */
const MIN_IN_FLIGHT_BYTES = MAX_ADMISSION_BODY_BYTES;

function parseByteCount(flag: string, value: string | undefined, fallback: number, problems: string[]): number {
  if (value === undefined) return fallback;
  const bytes = /^[0-9]{1,15}$/.test(value) ? Number(value) : Number.NaN;
  if (!(bytes >= MIN_IN_FLIGHT_BYTES)) problems.push(`${flag} ${JSON.stringify(value.slice(0, 64))}: expected a whole number of bytes >= ${MIN_IN_FLIGHT_BYTES}`);
  return bytes;
}

export function parseHostPort(flag: string, value: string, problems: string[]): HostPort {
  const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(value);
  const port = Number(match?.[3]);
  if (match === null || port > 65535) {
    problems.push(`${flag} ${JSON.stringify(value)}: expected HOST:PORT (e.g. 127.0.0.1:8443, [::1]:8443)`);
    return { host: '', port: 0 };
  }
  return { host: match[1] ?? match[2] ?? '', port };
}

/**
 * Parses flags that all take strings, strictly, with the project's one flag parser: an unknown
 * flag, a missing value or an argument that is not a flag throws InputError (source `source`);
 * 'help' when `--help`/`-h` is among them, even beside a mistake.
 */
export function parseStringFlags(argv: string[], names: readonly string[], source: string): Partial<Record<string, string>> | 'help' {
  const specs: FlagSpec[] = [...names.map((name) => ({ name, kind: 'string' as const })), { name: 'help', shorthand: 'h', kind: 'bool' }];
  try {
    const { values, args } = parseFlags(argv, specs);
    if (values.get('help') === 'true') return 'help';
    if (args.length > 0) throw new InputError(source, args.map((arg) => `unexpected argument ${JSON.stringify(arg)}`));
    return Object.fromEntries(names.flatMap((name) => {
      const value = values.get(name);
      return value === undefined ? [] : [[name, value]];
    }));
  } catch (err) {
    if (argv.includes('--help') || argv.includes('-h')) return 'help';
    if (err instanceof FlagError) throw new InputError(source, [err.message]);
    throw err;
  }
}

const SERVE_FLAGS = ['listen', 'tls-cert', 'tls-key', 'config', 'imagestreams', 'kubeconfig', 'metrics-listen', 'max-in-flight-bytes', 'log-level'];

/** Parses `serve` flags; throws InputError listing every problem, or returns 'help'. */
export function parseServeFlags(argv: string[]): ServeOptions | 'help' {
  const values = parseStringFlags(argv, SERVE_FLAGS, 'serve flags');
  if (values === 'help') return 'help';
  const problems: string[] = [];
  const listen = parseHostPort('--listen', values.listen ?? '0.0.0.0:8443', problems);
  const metricsListen = parseHostPort('--metrics-listen', values['metrics-listen'] ?? '0.0.0.0:8080', problems);
  for (const flag of ['tls-cert', 'tls-key'] as const) if (!values[flag]) problems.push(`--${flag} FILE is required`);
  const maxInFlightBytes = parseByteCount('--max-in-flight-bytes', values['max-in-flight-bytes'], DEFAULT_MAX_IN_FLIGHT_BYTES, problems);
  const logLevel = parseLogLevel(values['log-level'], problems);
  if (problems.length > 0) throw new InputError('serve flags', problems);
  return {
    listen,
    metricsListen,
    tlsCert: values['tls-cert'] ?? '',
    tlsKey: values['tls-key'] ?? '',
    ...(values.config === undefined ? {} : { config: values.config }),
    ...(values.imagestreams === undefined ? {} : { imagestreams: values.imagestreams }),
    ...(values.kubeconfig === undefined ? {} : { kubeconfig: values.kubeconfig }),
    certificatePollMs: 10_000,
    shutdownGraceMs: 25_000,
    maxInFlightBytes,
    logLevel,
  };
}
