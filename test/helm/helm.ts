/**
 * Runs the real Helm binary (built from the Go module proxy by `hack/tools.sh helm`) against the
 * chart and parses what it renders, so chart tests assert on the objects the API server would get.
 */
import { execFile, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';

const run = promisify(execFile);

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const CHART_DIR = `${REPO_ROOT}helm/imagestream-webhook`;
/** Matches the release name and namespace used throughout the chart tests. */
export const RELEASE = 'iw';
export const NAMESPACE = 'iw-system';
export const FULLNAME = 'iw-imagestream-webhook';

/** How long the first `hack/tools.sh helm` may take on a cold machine (it compiles Helm). */
export const HELM_BUILD_TIMEOUT_MS = 30 * 60 * 1000;

/** A rendered Kubernetes object; tests narrow further fields with their own interfaces. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

export interface RenderOptions {
  /** `--set-json` pairs, so values keep their types (booleans, lists, null). */
  values?: Record<string, unknown>;
  /** Extra `--api-versions`, e.g. to pretend the cluster is OpenShift. */
  apiVersions?: string[];
  /** A copy of the chart to render instead of the repository's. */
  chartDir?: string;
}

/** Path of the Helm binary; builds it on first use (several minutes cold). */
export function findHelm(): string {
  const out = execFileSync(`${REPO_ROOT}hack/tools.sh`, ['helm'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: HELM_BUILD_TIMEOUT_MS,
  });
  const path = out.trim().split('\n').pop();
  if (path === undefined || path === '') throw new Error('hack/tools.sh helm printed no path');
  return path;
}

function templateArgs(options: RenderOptions): string[] {
  const args = ['template', RELEASE, options.chartDir ?? CHART_DIR, '--namespace', NAMESPACE, '--kube-version', '1.33.0'];
  // The webhook's tests see the webhook alone (one Deployment, ConfigMap, ClusterRole); the import
  // controller's objects render when a test sets any controller.* value (test/helm/controller.test.ts).
  if (!Object.keys(options.values ?? {}).some((key) => key.startsWith('controller'))) args.push('--set', 'controller.enabled=false');
  for (const [key, value] of Object.entries(options.values ?? {})) {
    args.push('--set-json', `${key}=${JSON.stringify(value)}`);
  }
  for (const apiVersion of options.apiVersions ?? []) args.push('--api-versions', apiVersion);
  return args;
}

/** `helm template` of the chart; every YAML document parsed, empty documents dropped. */
export async function render(helm: string, options: RenderOptions = {}): Promise<KubeObject[]> {
  const { stdout } = await run(helm, templateArgs(options), { maxBuffer: 16 * 1024 * 1024 });
  return parseAllDocuments(stdout)
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(`helm rendered invalid YAML: ${doc.errors[0]?.message ?? ''}`);
      return doc.toJS() as KubeObject | null;
    })
    .filter((obj): obj is KubeObject => obj !== null);
}

/** Renders values that must be refused; returns Helm's error output, or throws if Helm accepted them. */
export async function renderError(helm: string, options: RenderOptions): Promise<string> {
  try {
    await run(helm, templateArgs(options));
  } catch (err) {
    const stderr = (err as { stderr?: unknown }).stderr;
    return typeof stderr === 'string' ? stderr : String(err);
  }
  throw new Error(`helm accepted ${JSON.stringify(options.values)}`);
}

/** `helm lint --strict` with the given values; resolves to Helm's output, rejects on lint errors. */
export async function lint(helm: string, values: Record<string, unknown>): Promise<string> {
  const args = ['lint', '--strict', CHART_DIR, '--namespace', NAMESPACE];
  for (const [key, value] of Object.entries(values)) args.push('--set-json', `${key}=${JSON.stringify(value)}`);
  const { stdout } = await run(helm, args);
  return stdout;
}

export function findAll(objects: KubeObject[], kind: string): KubeObject[] {
  return objects.filter((o) => o.kind === kind);
}

/** The single object of a kind; throws naming the kinds rendered when there is not exactly one. */
export function findOne<T = KubeObject>(objects: KubeObject[], kind: string): T {
  const found = findAll(objects, kind);
  if (found.length !== 1) {
    throw new Error(`expected one ${kind}, got ${found.length} (rendered: ${objects.map((o) => o.kind).join(', ')})`);
  }
  return found[0] as T;
}
