/** Shapes of the rendered objects the chart tests read; only the fields they assert on. */
import type { KubeObject } from './helm.js';

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export interface RuleWithOperations {
  apiGroups: string[];
  apiVersions: string[];
  operations: string[];
  resources: string[];
  scope: string;
}

export interface Webhook {
  name: string;
  clientConfig: {
    url?: string;
    service?: { name: string; namespace: string; path: string; port: number };
    caBundle?: string;
  };
  rules: RuleWithOperations[];
  failurePolicy: string;
  matchPolicy: string;
  reinvocationPolicy?: string;
  sideEffects: string;
  timeoutSeconds: number;
  admissionReviewVersions: string[];
  namespaceSelector: LabelSelector;
  objectSelector?: LabelSelector;
}

export interface WebhookConfiguration extends KubeObject {
  webhooks: Webhook[];
}

export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

export interface ClusterRole extends KubeObject {
  rules: PolicyRule[];
}

export interface Container {
  name: string;
  image: string;
  args: string[];
  ports: { name: string; containerPort: number }[];
  readinessProbe: { httpGet: { path: string; port: string; scheme: string } };
  livenessProbe: { httpGet: { path: string; port: string; scheme: string } };
  resources: { requests?: Record<string, string> };
  securityContext: { allowPrivilegeEscalation: boolean; readOnlyRootFilesystem: boolean; capabilities: { drop: string[] } };
  volumeMounts: { name: string; mountPath: string; readOnly?: boolean }[];
}

export interface Deployment extends KubeObject {
  spec: {
    replicas: number;
    template: {
      metadata: { annotations: Record<string, string> };
      spec: {
        serviceAccountName: string;
        securityContext: { runAsNonRoot: boolean };
        affinity: { podAntiAffinity?: unknown };
        containers: Container[];
        volumes: { name: string; secret?: { secretName: string }; configMap?: { name: string } }[];
      };
    };
  };
}

export interface Secret extends KubeObject {
  type: string;
  data: Record<string, string>;
}

export interface ConfigMap extends KubeObject {
  data: Record<string, string>;
}

/** Name prefix of the MutatingWebhookConfiguration's ImageStream stamping entry (on with the controller). */
export const STAMP_WEBHOOK_PREFIX = 'imagestreams.';

const isStamping = (webhook: Webhook): boolean => webhook.name.startsWith(STAMP_WEBHOOK_PREFIX);

/**
 * The one image resolution webhook of a configuration; the chart registers exactly one per
 * configuration, beside the mutating configuration's ImageStream stamping entry (stampWebhooks).
 */
export function onlyWebhook(config: WebhookConfiguration): Webhook {
  const [webhook, ...rest] = config.webhooks.filter((entry) => !isStamping(entry));
  if (webhook === undefined || rest.length > 0) throw new Error(`${config.metadata.name}: expected one webhook`);
  return webhook;
}

/** The ImageStream stamping entries of a configuration (none or one). */
export function stampWebhooks(config: WebhookConfiguration): Webhook[] {
  return config.webhooks.filter(isStamping);
}
