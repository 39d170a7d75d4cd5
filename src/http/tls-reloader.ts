import { watch, type FSWatcher } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createSecureContext } from 'node:tls';
import { InputError } from '../errors.js';
import { errorFields, type Logger } from '../log.js';
import type { WebhookMetrics } from '../metrics.js';
import type { ServingCertificate } from './server.js';

export interface TlsReloaderOptions {
  certFile: string;
  keyFile: string;
  /** How often file metadata is compared, for filesystems where directory watches miss events. */
  pollIntervalMs: number;
  /** false relies on polling alone, for filesystems without change notification (some network mounts). */
  watchDirectories?: boolean;
  /** Called with each new valid certificate (never with the initial one). */
  onReload: (certificate: ServingCertificate) => void;
  logger: Logger;
  metrics: WebhookMetrics;
}

/** Watches a serving certificate and key pair; `close()` stops watching. */
export interface TlsReloader {
  current(): ServingCertificate;
  close(): void;
}

/** Coalesces the burst of events one Secret volume update produces (several renames). */
const DEBOUNCE_MS = 100;

async function readPair(certFile: string, keyFile: string): Promise<ServingCertificate> {
  const [cert, key] = await Promise.all([readFile(certFile), readFile(keyFile)]);
  return { cert, key };
}

/** Throws unless the pair parses and the key belongs to the certificate (OpenSSL "key values mismatch"). */
function checkPair(pair: ServingCertificate): void {
  createSecureContext({ cert: pair.cert, key: pair.key });
}

async function fingerprint(certFile: string, keyFile: string): Promise<string> {
  const stats = await Promise.all([stat(certFile), stat(keyFile)]);
  return stats.map((s) => `${s.ino}:${s.size}:${s.mtimeMs}`).join('|');
}

function samePair(a: ServingCertificate, b: ServingCertificate): boolean {
  return a.cert.equals(b.cert) && a.key.equals(b.key);
}

function watchDirectories(files: string[], onEvent: () => void, logger: Logger): FSWatcher[] {
  const watchers: FSWatcher[] = [];
  for (const dir of new Set(files.map((file) => dirname(file)))) {
    try {
      const watcher = watch(dir, { persistent: false }, onEvent);
      watcher.on('error', (err) => logger.warn({ dir, ...errorFields(err) }, 'certificate directory watch failed; polling only'));
      watchers.push(watcher);
    } catch (err) {
      logger.warn({ dir, ...errorFields(err) }, 'cannot watch certificate directory; polling only');
    }
  }
  return watchers;
}

class CertificateFiles implements TlsReloader {
  private lastAttempt: ServingCertificate;
  private lastFingerprint = '';
  private running: Promise<void> = Promise.resolve();
  private debounce: NodeJS.Timeout | undefined;
  private readonly poll: NodeJS.Timeout;
  private readonly watchers: FSWatcher[];

  constructor(
    private readonly options: TlsReloaderOptions,
    private pair: ServingCertificate,
  ) {
    this.lastAttempt = pair;
    this.poll = setInterval(() => this.checkFingerprint(), options.pollIntervalMs);
    this.poll.unref();
    this.watchers =
      options.watchDirectories === false
        ? []
        : watchDirectories([options.certFile, options.keyFile], () => this.schedule(), options.logger);
    this.checkFingerprint();
  }

  current(): ServingCertificate {
    return this.pair;
  }

  close(): void {
    clearInterval(this.poll);
    clearTimeout(this.debounce);
    for (const watcher of this.watchers) watcher.close();
  }

  private checkFingerprint(): void {
    fingerprint(this.options.certFile, this.options.keyFile).then(
      (print) => {
        if (print === this.lastFingerprint) return;
        const first = this.lastFingerprint === '';
        this.lastFingerprint = print;
        if (!first) this.schedule();
      },
      () => undefined,
    );
  }

  private schedule(): void {
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      this.running = this.running.then(() => this.reload());
    }, DEBOUNCE_MS);
    this.debounce.unref();
  }

  private async reload(): Promise<void> {
    const { certFile, keyFile, logger, metrics } = this.options;
    let next: ServingCertificate;
    try {
      next = await readPair(certFile, keyFile);
      if (samePair(next, this.lastAttempt)) return;
      this.lastAttempt = next;
      checkPair(next);
    } catch (err) {
      metrics.tlsReloads.inc({ result: 'failure' });
      logger.error({ certFile, keyFile, ...errorFields(err) }, 'serving certificate not reloaded; keeping the previous one');
      return;
    }
    this.options.onReload(next);
    this.pair = next;
    metrics.tlsReloads.inc({ result: 'success' });
    logger.info({ certFile, keyFile }, 'serving certificate reloaded');
  }
}

/**
 * Loads the serving certificate and keeps it current. cert-manager and Secret volumes rotate files
 * in place (a Secret volume swaps its `..data` symlink), so the containing directories are watched
 * rather than the files, with a metadata poll as fallback. A new pair is applied only if it parses
 * and the key matches the certificate; otherwise the old pair stays and an error is logged (a
 * rotation that writes the certificate before the key heals on the next event).
 * Throws InputError if the initial pair is unreadable or invalid.
 */
export async function createTlsReloader(options: TlsReloaderOptions): Promise<TlsReloader> {
  let pair: ServingCertificate;
  try {
    pair = await readPair(options.certFile, options.keyFile);
    checkPair(pair);
  } catch (err) {
    const source = `--tls-cert ${options.certFile} / --tls-key ${options.keyFile}`;
    throw new InputError(source, [errorFields(err).error], { cause: err });
  }
  return new CertificateFiles(options, pair);
}
