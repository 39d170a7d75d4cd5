{{/* Names of the import controller's objects (the controller.* values). */}}
{{- define "iw.controller.fullname" -}}
{{- printf "%s-controller" (include "iw.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "iw.controller.selectorLabels" -}}
{{ include "iw.selectorLabels" . }}
app.kubernetes.io/component: import-controller
{{- end -}}

{{- define "iw.controller.labels" -}}
{{ include "iw.labels" . }}
app.kubernetes.io/component: import-controller
{{- end -}}

{{- define "iw.controller.serviceAccountName" -}}
{{- if .Values.controller.serviceAccount.create -}}
{{- default (include "iw.controller.fullname" .) .Values.controller.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.controller.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The Lease only the leader holds; one per release, so two releases never share a leader. */}}
{{- define "iw.controller.leaseName" -}}
{{- include "iw.controller.fullname" . -}}
{{- end -}}

{{/* The controller's --config file: every key of the controller configuration (its loader rejects unknown keys). */}}
{{- define "iw.controller.config" -}}
{{- $c := .Values.controller -}}
{{- $registries := dict "allowed" $c.registries.allowed "blocked" $c.registries.blocked "allowLinkLocal" $c.registries.allowLinkLocal "useCredentials" $c.registries.useCredentials "requestsPerSecond" $c.registries.requestsPerSecond "burst" $c.registries.burst "timeoutSeconds" $c.registries.timeoutSeconds -}}
{{- if $c.registries.caBundle -}}
{{- $_ := set $registries "caBundleFile" "/etc/imagestream-webhook/controller/ca-bundle.pem" -}}
{{- end -}}
{{- $config := dict
  "historyLimit" $c.historyLimit
  "defaultImportMode" $c.defaultImportMode
  "defaultPlatform" $c.defaultPlatform
  "internalRegistryHostname" (default (include "iw.internalRegistryHostname" .) $c.internalRegistryHostname)
  "pruneRemovedTags" $c.pruneRemovedTags
  "repositoryTagLimit" $c.repositoryTagLimit
  "workers" $c.workers
  "scheduledImport" $c.scheduledImport
  "registries" $registries
  "leaderElection" (dict "leaseName" (include "iw.controller.leaseName" .) "leaseDurationSeconds" $c.leaderElection.leaseDurationSeconds "renewDeadlineSeconds" $c.leaderElection.renewDeadlineSeconds "retryPeriodSeconds" $c.leaderElection.retryPeriodSeconds)
-}}
{{- toYaml $config -}}
{{- end -}}
