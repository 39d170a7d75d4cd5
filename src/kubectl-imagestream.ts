#!/usr/bin/env node
/**
 * The `kubectl-imagestream` executable: kubectl runs it for `kubectl imagestream …` when it is on
 * the PATH under that name and executable (`npm install -g` links it; `npm run build` sets the bit
 * and links dist/bin/kubectl-imagestream for running from a clone). The composition root of the
 * plugin: the process's streams, environment and clock.
 */
import { runPlugin } from './plugin/run.js';

runPlugin(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  now: () => new Date(),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
