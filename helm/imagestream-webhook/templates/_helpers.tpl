{{/* Names and labels. */}}
{{- define "iw.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "iw.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else if contains (include "iw.name" .) .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name (include "iw.name" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "iw.selectorLabels" -}}
app.kubernetes.io/name: {{ include "iw.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "iw.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "iw.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "iw.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "iw.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "iw.image" -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}
{{- end -}}

{{/* Name of the kubernetes.io/tls Secret the pods mount, whatever the TLS mode. */}}
{{- define "iw.tlsSecretName" -}}
{{- if eq .Values.tls.mode "secret" -}}
{{- .Values.tls.secret.name -}}
{{- else -}}
{{- printf "%s-tls" (include "iw.fullname" .) -}}
{{- end -}}
{{- end -}}

{{/* Resolve modes whose failures reject the object (docs/behaviour.md, "Policy configuration"). */}}
{{- define "iw.isRequiredMode" -}}
{{- if has .Values.policy.resolveImages (list "Required" "RequiredRewrite") -}}true{{- end -}}
{{- end -}}

{{/* D12 (docs/behaviour.md): the mutating webhook fails closed only when the policy itself fails closed. */}}
{{- define "iw.mutatingFailurePolicy" -}}
{{- if .Values.webhook.failurePolicy -}}
{{- .Values.webhook.failurePolicy -}}
{{- else if include "iw.isRequiredMode" . -}}
Fail
{{- else -}}
Ignore
{{- end -}}
{{- end -}}

{{/* The validating webhook has work only for AlwaysPullImages or a Required* mode. */}}
{{- define "iw.validatingNeeded" -}}
{{- if or .Values.alwaysPullImages (include "iw.isRequiredMode" .) -}}true{{- end -}}
{{- end -}}

{{/*
ImageStream CRD: "auto" installs it unless the cluster already serves image.openshift.io/v1, and
keeps rendering it once this release owns it: otherwise the upgrade after the first install would
see our own CRD as "served by the cluster" and drop it from the release.
*/}}
{{- define "iw.installCRD" -}}
{{- $mode := toString .Values.crds.install -}}
{{- if eq $mode "true" -}}
true
{{- else if eq $mode "auto" -}}
{{- $crd := lookup "apiextensions.k8s.io/v1" "CustomResourceDefinition" "" "imagestreams.image.openshift.io" -}}
{{- $owner := dig "metadata" "annotations" "meta.helm.sh/release-name" "" $crd -}}
{{- $ownerNamespace := dig "metadata" "annotations" "meta.helm.sh/release-namespace" "" $crd -}}
{{- if and (eq $owner .Release.Name) (eq $ownerNamespace .Release.Namespace) -}}
true
{{- else if not (.Capabilities.APIVersions.Has "image.openshift.io/v1") -}}
true
{{- end -}}
{{- end -}}
{{- end -}}
