/**
 * Runs the real webhook process the way the chart's Deployment would (ENTRYPOINT `node
 * dist/src/main.js`, the rendered args, the ConfigMap and TLS Secret as files), but on 127.0.0.1
 * with ephemeral ports and static ImageStreams instead of the cluster.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { REPO_ROOT } from './helm.js';
import type { Container } from './objects.js';

export interface RunningWebhook {
  child: ChildProcess;
  port: number;
}

/**
 * Writes each mounted volume's files under `root` and returns the container's args with mount paths
 * moved there and both listen addresses set to 127.0.0.1:0.
 */
export function localArgs(container: Container, root: string, volumes: Record<string, Record<string, string>>): string[] {
  let args = container.args.map((arg) => (arg.startsWith('0.0.0.0:') ? '127.0.0.1:0' : arg));
  for (const mount of container.volumeMounts) {
    const files = volumes[mount.name];
    if (files === undefined) continue;
    const dir = join(root, mount.mountPath);
    mkdirSync(dir, { recursive: true });
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content, { mode: 0o600 });
    args = args.map((arg) => (arg.startsWith(`${mount.mountPath}/`) ? `${dir}${arg.slice(mount.mountPath.length)}` : arg));
  }
  return args;
}

/** Starts the process and resolves once it logs "serving"; rejects with its stderr if it exits first. */
export function startWebhook(args: string[]): Promise<RunningWebhook> {
  const child = spawn(process.execPath, [`${REPO_ROOT}dist/src/main.js`, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`webhook exited with ${code}: ${stderr}`)));
    if (child.stdout === null) return;
    createInterface({ input: child.stdout }).on('line', (line) => {
      const entry = parseLogLine(line);
      if (entry?.msg === 'serving' && typeof entry.port === 'number') resolve({ child, port: entry.port });
    });
  });
}

function parseLogLine(line: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

export interface Reply {
  status: number;
  body: string;
}

/** One HTTPS request to 127.0.0.1 trusting only `ca`, verifying the certificate for `serverName`. */
export function httpsCall(port: number, ca: string, serverName: string, path: string, body?: object): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      {
        host: '127.0.0.1', port, path, ca, servername: serverName, method: payload === undefined ? 'GET' : 'POST',
        headers: payload === undefined ? {} : { 'content-type': 'application/json' },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString('utf8');
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
