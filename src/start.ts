/**
 * `npm start`: the webhook on https://127.0.0.1:8443 with the example ImageStreams and policy of
 * `examples/`, a development certificate from `certs/generate.sh`, and a ready-to-paste `curl`
 * line that sends `examples/admission-review.json` and prints the JSON patch it gets back.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { runServe } from './cli/serve.js';

/** Development listen addresses; loopback only, so the example never serves the network. */
const LISTEN = '127.0.0.1:8443';
const METRICS_LISTEN = '127.0.0.1:8080';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
}

/** The curl line a developer pastes to see a short name resolved (needs only curl and node). */
function curlLine(certs: string): string {
  const decode =
    'let s="";process.stdin.on("data",(d)=>s+=d).on("end",()=>{const r=JSON.parse(s).response;' +
    'console.log(r.patch?Buffer.from(r.patch,"base64").toString():JSON.stringify(r));' +
    'for(const w of r.warnings??[])console.log("warning: "+w)})';
  return (
    `curl -s --cacert ${shown(join(certs, 'ca.crt'))} -H 'Content-Type: application/json' ` +
    `--data @${shown(join(ROOT, 'examples', 'admission-review.json'))} https://${LISTEN}/mutate | node -e '${decode}'`
  );
}

async function main(): Promise<number> {
  const certs = join(ROOT, 'certs');
  const generate = join(certs, 'generate.sh');
  if (!existsSync(generate)) throw new Error(`${generate} is missing; it makes the development certificate`);
  await promisify(execFile)('bash', [generate, certs, 'imagestream-webhook', 'imagestream-webhook']);
  const argv = [
    '--listen', LISTEN,
    '--metrics-listen', METRICS_LISTEN,
    '--tls-cert', join(certs, 'tls.crt'),
    '--tls-key', join(certs, 'tls.key'),
    '--imagestreams', join(ROOT, 'examples', 'imagestreams'),
    '--config', join(ROOT, 'examples', 'config.yaml'),
  ];
  return runServe(argv, process.env, () => {
    process.stderr.write(
      `\nimagestream-webhook is serving on https://${LISTEN} (metrics on http://${METRICS_LISTEN}/metrics); Ctrl-C stops it.\n` +
        `Send the example AdmissionReview (a Pod using ruby:2.5 in myproject) and see the resolved images:\n\n` +
        `  ${curlLine(certs)}\n\n`,
    );
  });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`npm start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
