{{/*
TLS material shared by the Secret, the Deployment and both webhook configurations. Each template is
rendered separately, so the generated CA and certificate are memoised in .Values._tls: generating
them once per template would give the webhooks a caBundle that did not sign the served certificate.
*/}}

{{/* Host of webhook.url without port or IPv6 brackets, or "" in Service mode. */}}
{{- define "iw.urlHost" -}}
{{- if .Values.webhook.url -}}
{{- regexReplaceAll ":[0-9]+$" (urlParse .Values.webhook.url).host "" | trimPrefix "[" | trimSuffix "]" -}}
{{- end -}}
{{- end -}}

{{/* SANs of the serving certificate as {"dns": [...], "ips": [...]} in JSON. */}}
{{- define "iw.tls.sans" -}}
{{- $svc := include "iw.fullname" . -}}
{{- $ns := .Release.Namespace -}}
{{- $dns := list $svc (printf "%s.%s" $svc $ns) (printf "%s.%s.svc" $svc $ns) (printf "%s.%s.svc.cluster.local" $svc $ns) -}}
{{- $ips := list -}}
{{- $host := include "iw.urlHost" . -}}
{{- if regexMatch "^[0-9.]+$|:" $host -}}
{{- $ips = append $ips $host -}}
{{- else if $host -}}
{{- $dns = append $dns $host -}}
{{- end -}}
{{- $dns = concat $dns .Values.tls.extraDNSNames | uniq -}}
{{- $ips = concat $ips .Values.tls.extraIPs | uniq -}}
{{- dict "dns" $dns "ips" $ips | toJson -}}
{{- end -}}

{{/*
tls.mode=helm: reuses the Secret found by lookup while it is valid for longer than renewBeforeDays
and was issued for the same SANs; otherwise generates a new CA and certificate. On renewal the
caBundle carries the new and the previous CA, so pods still serving the old certificate during the
rollout stay trusted. Outside a cluster (helm template) lookup is empty and material is always new.
*/}}
{{- define "iw.tls.helm" -}}
{{- if not (hasKey .Values "_tls") -}}
{{- $sans := include "iw.tls.sans" . -}}
{{- $sansDigest := sha256sum $sans | trunc 16 -}}
{{- $existing := lookup "v1" "Secret" .Release.Namespace (include "iw.tlsSecretName" .) -}}
{{- $data := dig "data" dict $existing -}}
{{- $notAfter := dig "metadata" "annotations" "imagestream-webhook/not-after" "0" $existing | int64 -}}
{{- $existingSans := dig "metadata" "annotations" "imagestream-webhook/sans" "" $existing -}}
{{- $now := now | unixEpoch | int64 -}}
{{- $fresh := gt (sub $notAfter $now) (mul .Values.tls.helm.renewBeforeDays 86400) -}}
{{- $complete := and (hasKey $data "ca.crt") (hasKey $data "tls.crt") (hasKey $data "tls.key") -}}
{{- if and $complete $fresh (eq $existingSans $sansDigest) -}}
{{- $ca := index $data "ca.crt" | b64dec -}}
{{- $_ := set .Values "_tls" (dict "ca" $ca "bundle" $ca "cert" (index $data "tls.crt" | b64dec) "key" (index $data "tls.key" | b64dec) "notAfter" $notAfter "sans" $sansDigest) -}}
{{- else -}}
{{- $parsed := fromJson $sans -}}
{{- $ca := genCA (printf "%s-ca" (include "iw.fullname" .)) (int .Values.tls.helm.caDays) -}}
{{- $cert := genSignedCert (printf "%s.%s.svc" (include "iw.fullname" .) .Release.Namespace) $parsed.ips $parsed.dns (int .Values.tls.helm.certDays) $ca -}}
{{- $bundle := $ca.Cert -}}
{{- if hasKey $data "ca.crt" -}}
{{- $bundle = printf "%s\n%s" (trimSuffix "\n" $ca.Cert) (index $data "ca.crt" | b64dec) -}}
{{- end -}}
{{- $_ := set .Values "_tls" (dict "ca" $ca.Cert "bundle" $bundle "cert" $cert.Cert "key" $cert.Key "notAfter" (add $now (mul .Values.tls.helm.certDays 86400)) "sans" $sansDigest) -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* base64 caBundle for clientConfig, or "" when cert-manager injects it. */}}
{{- define "iw.caBundle" -}}
{{- if eq .Values.tls.mode "helm" -}}
{{- include "iw.tls.helm" . -}}
{{- .Values._tls.bundle | b64enc -}}
{{- else if eq .Values.tls.mode "secret" -}}
{{- $ca := .Values.tls.secret.caBundle | trim -}}
{{- if hasPrefix "-----BEGIN" $ca -}}
{{- $ca | b64enc -}}
{{- else -}}
{{- $ca | nospace -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Annotations a webhook configuration needs for its TLS mode. */}}
{{- define "iw.webhookAnnotations" -}}
{{- if eq .Values.tls.mode "certManager" -}}
cert-manager.io/inject-ca-from: {{ printf "%s/%s-tls" .Release.Namespace (include "iw.fullname" .) }}
{{- end -}}
{{- end -}}

{{/* Pod annotation that rolls the Deployment when Helm issues a new serving certificate. */}}
{{- define "iw.tlsChecksum" -}}
{{- if eq .Values.tls.mode "helm" -}}
{{- include "iw.tls.helm" . -}}
{{- .Values._tls.cert | sha256sum -}}
{{- else -}}
{{- printf "%s/%s" .Values.tls.mode (include "iw.tlsSecretName" .) | sha256sum -}}
{{- end -}}
{{- end -}}
