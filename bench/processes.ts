/**
 * The benchmark's server processes: `serve` (static or cluster) and the bare ceiling, each a child
 * process measured from /proc (RSS, its peak, CPU time), so the load generator's own work is
 * never counted against the server.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, openSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface Certificates {
  cert: string;
  key: string;
  ca: string;
}

/** A serving certificate for 127.0.0.1/localhost, made once per run with the project's own script. */
export function makeCertificates(work: string): Certificates {
  const dir = join(work, 'certs');
  if (!existsSync(join(dir, 'tls.crt'))) {
    execFileSync('bash', [join(ROOT, 'certs', 'generate.sh'), dir, 'imagestream-webhook', 'bench'], { stdio: 'ignore' });
  }
  return { cert: join(dir, 'tls.crt'), key: join(dir, 'tls.key'), ca: readFileSync(join(dir, 'ca.crt'), 'utf8') };
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Resident set (VmRSS) and its peak (VmHWM) of a process, in MiB, from /proc. */
export function memoryMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string): number => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? Number.NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** CPU time (user + system) a process has used so far, in ms; /proc reports clock ticks of 10 ms. */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function status(port: number, ca: string, path: string): Promise<number> {
  return new Promise<number>((resolve) => {
    request({ host: '127.0.0.1', port, path, ca, servername: 'localhost', agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on('error', () => resolve(0)).end();
  });
}

export interface Server {
  name: string;
  pid: number;
  port: number;
  ca: string;
  /** Milliseconds from spawn to the first 200 from /readyz. */
  readyMs: number;
  stop(): Promise<void>;
}

/**
 * Spawns `node <script> <args>` with `--listen 127.0.0.1:<port>` appended and waits for /readyz.
 * `nodeFlags` go before the script (the chart's heap settings, for instance).
 */
export async function startServer(
  name: string, script: string, args: string[], certs: Certificates, logFile: string, nodeFlags: string[] = [],
): Promise<Server> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeFlags, script, ...args, '--listen', `127.0.0.1:${port}`], {
    stdio: ['ignore', openSync(logFile, 'w'), 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async (): Promise<void> => {
    child.kill('SIGTERM');
    await exited;
  };
  const deadline = started + 600_000;
  while ((await status(port, certs.ca, '/readyz')) !== 200) {
    if (child.exitCode !== null || performance.now() > deadline) {
      await stop();
      throw new Error(`${name} did not become ready (see ${logFile})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { name, pid: child.pid ?? 0, port, ca: certs.ca, readyMs: performance.now() - started, stop };
}

/**
 * Node flags `serve` runs with: the chart's NODE_OPTIONS (`--max-old-space-size` = half the
 * container limit of 512Mi by default, and a 4 MiB semi-space), so figures are those of the deployed process. BENCH_NODE_FLAGS
 * overrides them (space-separated).
 */
export const SERVE_NODE_FLAGS = (process.env.BENCH_NODE_FLAGS ?? '--max-old-space-size=256 --max-semi-space-size=4').split(' ').filter(Boolean);

/**
 * `serve` over static files or a cluster; `source` is `['--imagestreams', dir]` or `['--kubeconfig', file]`.
 * `workers` > 0 runs it in that many node:cluster workers (cluster-serve.ts).
 */
export async function startServe(
  name: string, source: string[], certs: Certificates, logFile: string, workers = 0, nodeFlags = SERVE_NODE_FLAGS,
): Promise<Server> {
  const metricsPort = await freePort();
  const args = ['serve', '--metrics-listen', `127.0.0.1:${metricsPort}`, '--tls-cert', certs.cert, '--tls-key', certs.key, ...source];
  if (workers === 0) return startServer(name, join(ROOT, 'dist', 'src', 'main.js'), args, certs, logFile, nodeFlags);
  process.env.BENCH_WORKERS = String(workers);
  return startServer(name, join(ROOT, 'dist', 'bench', 'cluster-serve.js'), args, certs, logFile, nodeFlags);
}

/** The project's HTTP layer answering a fixed patch (floor-server.ts). */
export function startFloor(certs: Certificates, logFile: string): Promise<Server> {
  return startServer('HTTP layer', join(ROOT, 'dist', 'bench', 'floor-server.js'), ['--tls-cert', certs.cert, '--tls-key', certs.key], certs, logFile, SERVE_NODE_FLAGS);
}

/** The bare ceiling (bare-server.ts). */
export function startBare(certs: Certificates, logFile: string): Promise<Server> {
  return startServer('bare', join(ROOT, 'dist', 'bench', 'bare-server.js'), ['--tls-cert', certs.cert, '--tls-key', certs.key], certs, logFile);
}
