import { readFile } from 'node:fs/promises';
import { createSecureContext } from 'node:tls';
import { watchFiles, type FileWatcher } from '../config/file-watcher.js';
import { InputError } from '../errors.js';
import { errorFields, type Logger } from '../log.js';
import type { HttpMetrics } from './metrics.js';
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
  metrics: HttpMetrics;
}

/** Watches a serving certificate and key pair; `close()` stops watching. */
export interface TlsReloader {
  current(): ServingCertificate;
  close(): void;
}

async function readPair(certFile: string, keyFile: string): Promise<ServingCertificate> {
  const [cert, key] = await Promise.all([readFile(certFile), readFile(keyFile)]);
  return { cert, key };
}

/** Throws unless the pair parses and the key belongs to the certificate (OpenSSL "key values mismatch"). */
function checkPair(pair: ServingCertificate): void {
  createSecureContext({ cert: pair.cert, key: pair.key });
}

function samePair(a: ServingCertificate, b: ServingCertificate): boolean {
  return a.cert.equals(b.cert) && a.key.equals(b.key);
}

class CertificateFiles implements TlsReloader {
  private lastAttempt: ServingCertificate;
  private readonly watcher: FileWatcher;

  constructor(
    private readonly options: TlsReloaderOptions,
    private pair: ServingCertificate,
  ) {
    this.lastAttempt = pair;
    this.watcher = watchFiles({
      files: [options.certFile, options.keyFile],
      pollIntervalMs: options.pollIntervalMs,
      watchDirectories: options.watchDirectories !== false,
      what: 'certificate',
      onChange: () => this.reload(),
      logger: options.logger,
    });
  }

  current(): ServingCertificate {
    return this.pair;
  }

  close(): void {
    this.watcher.close();
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
