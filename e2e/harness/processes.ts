import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';

/** One child process of the run, started as the leader of its own process group. */
export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  /** Set once the process has exited: its exit code or the signal that ended it. */
  exitStatus(): string | undefined;
  /** The last lines of its log, for error messages. */
  logTail(lines?: number): string;
  /** SIGTERM to the whole group, SIGKILL after `graceMs`; resolves when the leader has exited. */
  stop(graceMs?: number): Promise<void>;
}

/** How to start a process. */
export interface StartSpec {
  name: string;
  command: string;
  args: string[];
  logFile: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/**
 * Starts and tracks the run's processes (etcd, kube-apiserver, the webhook). Each runs in its own
 * process group, so stopping it also ends whatever it spawned, and a test runner that dies mid-run can
 * still kill every group synchronously from its exit and signal handlers ({@link killAllNow}).
 */
export class ProcessSupervisor {
  private readonly running = new Map<number, ManagedProcess>();

  start(spec: StartSpec): Promise<ManagedProcess> {
    const fd = openSync(spec.logFile, 'a');
    const child = spawn(spec.command, spec.args, {
      detached: true,
      stdio: ['ignore', fd, fd],
      env: spec.env ?? process.env,
      cwd: spec.cwd,
    });
    closeSync(fd);
    return new Promise((resolve, reject) => {
      child.once('error', (err) => reject(new Error(`cannot start ${spec.name} (${spec.command}): ${err.message}`)));
      child.once('spawn', () => {
        const handle = this.track(child, spec);
        this.running.set(handle.pid, handle);
        resolve(handle);
      });
    });
  }

  private track(child: ChildProcess, spec: StartSpec): ManagedProcess {
    const pid = child.pid ?? 0;
    let status: string | undefined;
    const exited = new Promise<void>((done) =>
      child.once('exit', (code, signal) => {
        status = signal !== null ? `killed by ${signal}` : `exited with code ${String(code)}`;
        this.running.delete(pid);
        done();
      }),
    );
    return {
      name: spec.name,
      pid,
      logFile: spec.logFile,
      exitStatus: () => status,
      logTail: (lines = 30) => tail(spec.logFile, lines),
      stop: async (graceMs = 5000) => {
        if (status !== undefined) return;
        signalGroup(pid, 'SIGTERM');
        const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
        signalGroup(pid, 'SIGKILL');
      },
    };
  }

  /** Stops every process still running, the most recently started first. */
  async stopAll(): Promise<void> {
    for (const handle of [...this.running.values()].reverse()) await handle.stop();
  }

  /** SIGKILLs every group at once; safe to call from `process.on('exit')`, where nothing async runs. */
  killAllNow(): void {
    for (const pid of this.running.keys()) signalGroup(pid, 'SIGKILL');
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone, which is the goal.
  }
}

function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
