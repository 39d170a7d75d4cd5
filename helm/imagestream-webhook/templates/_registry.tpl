{{/*
The integrated registry's names and generated material. Templates render separately, so the material
is memoised in .Values._registry (as _tls.tpl does for the webhook): the Secret and the pod's checksum
must see the same keys.
*/}}

{{- define "iw.registry.name" -}}
{{- printf "%s-registry" (include "iw.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* host[:port] pods and users pull from: registry.hostname, else the Service's in-cluster name. */}}
{{- define "iw.registry.hostname" -}}
{{- .Values.registry.hostname | default (printf "%s.%s.svc:%d" (include "iw.registry.name" .) .Release.Namespace (int .Values.registry.port)) -}}
{{- end -}}

{{/* The registry's name as the webhook and the controller see it: internalRegistryHostname wins when set. */}}
{{- define "iw.internalRegistryHostname" -}}
{{- if .Values.internalRegistryHostname -}}
{{- .Values.internalRegistryHostname -}}
{{- else if .Values.registry.enabled -}}
{{- include "iw.registry.hostname" . -}}
{{- end -}}
{{- end -}}

{{/*
Token signing key (genPrivateKey "ecdsa": P-256, which the companion reads in its SEC1 form) and its
self-signed certificate (the registry's rootcertbundle), the notification bearer token, and the
serving certificate when no tlsSecretName is given: all reused from the Secret found by lookup, so an
upgrade neither logs everyone out nor changes the CA the nodes trust.
*/}}
{{- define "iw.registry.material" -}}
{{- if not (hasKey .Values "_registry") -}}
{{- $existing := lookup "v1" "Secret" .Release.Namespace (include "iw.registry.name" .) -}}
{{- $data := dig "data" dict $existing -}}
{{- $m := dict -}}
{{- if and (hasKey $data "token.key") (hasKey $data "token.crt") (hasKey $data "events.token") -}}
{{- $_ := set $m "tokenKey" (index $data "token.key" | b64dec) -}}
{{- $_ := set $m "tokenCert" (index $data "token.crt" | b64dec) -}}
{{- $_ := set $m "eventsToken" (index $data "events.token" | b64dec) -}}
{{- else -}}
{{- $key := genPrivateKey "ecdsa" -}}
{{- $_ := set $m "tokenKey" $key -}}
{{- $_ := set $m "tokenCert" (genSelfSignedCertWithKey "imagestream-registry-token" nil nil 3650 $key).Cert -}}
{{- $_ := set $m "eventsToken" (randAlphaNum 48) -}}
{{- end -}}
{{- if not .Values.registry.tlsSecretName -}}
{{- if and (hasKey $data "tls.crt") (hasKey $data "tls.key") (hasKey $data "ca.crt") -}}
{{- $_ := set $m "tlsCert" (index $data "tls.crt" | b64dec) -}}
{{- $_ := set $m "tlsKey" (index $data "tls.key" | b64dec) -}}
{{- $_ := set $m "ca" (index $data "ca.crt" | b64dec) -}}
{{- else -}}
{{- $svc := include "iw.registry.name" . -}}
{{- $host := regexReplaceAll ":[0-9]+$" (include "iw.registry.hostname" .) "" -}}
{{- $dns := list $svc (printf "%s.%s" $svc .Release.Namespace) (printf "%s.%s.svc" $svc .Release.Namespace) (printf "%s.%s.svc.cluster.local" $svc .Release.Namespace) -}}
{{- $ips := list -}}
{{- if regexMatch "^[0-9.]+$" $host -}}{{- $ips = append $ips $host -}}{{- else -}}{{- $dns = append $dns $host -}}{{- end -}}
{{- $ca := genCA (printf "%s-ca" $svc) 3650 -}}
{{- $cert := genSignedCert $host $ips (uniq $dns) 3650 $ca -}}
{{- $_ := set $m "tlsCert" $cert.Cert -}}
{{- $_ := set $m "tlsKey" $cert.Key -}}
{{- $_ := set $m "ca" $ca.Cert -}}
{{- end -}}
{{- end -}}
{{- $_ := set .Values "_registry" $m -}}
{{- end -}}
{{- end -}}

{{/* The distribution registry's config.yml. */}}
{{- define "iw.registry.config" -}}
{{- $m := .Values._registry -}}
{{- $host := regexReplaceAll ":[0-9]+$" (include "iw.registry.hostname" .) "" -}}
version: 0.1
log:
  level: info
storage:
  filesystem:
    rootdirectory: /var/lib/registry
  delete:
    enabled: true
http:
  addr: 0.0.0.0:{{ .Values.registry.port }}
  secret: {{ $m.eventsToken | sha256sum | quote }}
  tls:
    certificate: /etc/registry/tls/tls.crt
    key: /etc/registry/tls/tls.key
auth:
  token:
    realm: https://{{ $host }}:{{ .Values.registry.tokenPort }}/token
    service: {{ .Values.registry.tokenService | quote }}
    issuer: {{ .Values.registry.tokenIssuer | quote }}
    rootcertbundle: /etc/registry/token/token.crt
notifications:
  endpoints:
    - name: companion
      url: http://127.0.0.1:5080/events
      headers:
        Authorization: [{{ printf "Bearer %s" $m.eventsToken | quote }}]
      timeout: 5s
      threshold: 3
      backoff: 1s
{{- end -}}

{{/* The registry pod's own name label, so no other Service of the release selects it. */}}
{{- define "iw.registry.selectorLabels" -}}
app.kubernetes.io/name: {{ include "iw.name" . }}-registry
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: registry
{{- end -}}

{{/* "true" when the controller keeps the registry's pull Secrets (it binds the chart's image-puller role). */}}
{{- define "iw.registry.pullSecrets" -}}
{{- if and .Values.registry.enabled .Values.registry.pullSecrets .Values.controller.enabled .Values.rbac.userRoles -}}true{{- end -}}
{{- end -}}
