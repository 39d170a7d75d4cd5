{{/*
Parts shared by the mutating and validating webhook configurations (D12 in docs/behaviour.md). Each takes a dict
with "root" (the chart context) and, where noted, "path" or "podsOnly".
*/}}

{{/* clientConfig: the Service by default, webhook.url in URL mode; caBundle from the TLS mode. */}}
{{- define "iw.clientConfig" -}}
{{- $root := .root -}}
{{- if $root.Values.webhook.url -}}
url: {{ printf "%s%s" (trimSuffix "/" $root.Values.webhook.url) .path | quote }}
{{- else -}}
service:
  name: {{ include "iw.fullname" $root }}
  namespace: {{ $root.Release.Namespace }}
  path: {{ .path }}
  port: {{ $root.Values.service.port }}
{{- end }}
{{- with include "iw.caBundle" $root }}
caBundle: {{ . }}
{{- end }}
{{- end -}}

{{/*
Every resource the resolver covers (docs/behaviour.md, "Which requests"): pods, replication controllers, the apps and batch
workloads, and DeploymentConfigs where the cluster serves them. matchPolicy Equivalent also sends
requests made through other versions (extensions/v1beta1, batch/v1beta1), converted to these.
Builds are not registered: their images are not in a pod spec. AlwaysPullImages alone needs pods.
*/}}
{{- define "iw.rules" -}}
- apiGroups: [""]
  apiVersions: [v1]
  operations: [CREATE, UPDATE]
  resources: {{ if .podsOnly }}[pods]{{ else }}[pods, replicationcontrollers]{{ end }}
  scope: Namespaced
{{- if not .podsOnly }}
- apiGroups: [apps]
  apiVersions: [v1]
  operations: [CREATE, UPDATE]
  resources: [daemonsets, deployments, replicasets, statefulsets]
  scope: Namespaced
- apiGroups: [batch]
  apiVersions: [v1]
  operations: [CREATE, UPDATE]
  resources: [cronjobs, jobs]
  scope: Namespaced
{{- if .root.Capabilities.APIVersions.Has "apps.openshift.io/v1" }}
- apiGroups: [apps.openshift.io]
  apiVersions: [v1]
  operations: [CREATE, UPDATE]
  resources: [deploymentconfigs]
  scope: Namespaced
{{- end }}
{{- end }}
{{- end -}}

{{/* kube-system and the release namespace are always excluded: the webhook can never block itself. */}}
{{- define "iw.namespaceSelector" -}}
{{- $excluded := concat (list "kube-system" .Release.Namespace) .Values.webhook.excludeNamespaces | uniq -}}
{{- with .Values.webhook.namespaceLabels -}}
matchLabels:
  {{- toYaml . | nindent 2 }}
{{ end -}}
matchExpressions:
  - key: kubernetes.io/metadata.name
    operator: NotIn
    values:
      {{- toYaml $excluded | nindent 6 }}
{{- end -}}

{{/*
The opt-out label exempts an object from resolution only (D17 in docs/behaviour.md): a label any pod creator
can set must not switch off AlwaysPullImages, an admin control exempted by namespace alone. So the
validating webhook never has an objectSelector, and the mutating one has it only while it has no
AlwaysPullImages work to do; otherwise the webhook skips resolution of labelled objects itself
(optOutLabel in its config file).
*/}}
{{- define "iw.objectSelector" -}}
{{- if not .Values.alwaysPullImages }}
objectSelector:
  matchExpressions:
    - key: {{ .Values.webhook.optOutLabel }}
      operator: NotIn
      values: ["true"]
{{- end }}
{{- end -}}

{{/* Fields common to both webhooks. */}}
{{- define "iw.webhookCommon" -}}
matchPolicy: Equivalent
sideEffects: None
timeoutSeconds: {{ .Values.webhook.timeoutSeconds }}
admissionReviewVersions: [v1, v1beta1]
namespaceSelector:
  {{- include "iw.namespaceSelector" . | nindent 2 }}
{{- end -}}
