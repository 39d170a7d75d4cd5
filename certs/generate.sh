#!/usr/bin/env bash
# Makes a development CA and a serving certificate for the webhook, with openssl.
#
# Usage: certs/generate.sh [OUT_DIR [SERVICE [NAMESPACE]]]
#   OUT_DIR    where to write the files (default: the directory of this script, certs/)
#   SERVICE    Kubernetes Service name (default: imagestream-webhook)
#   NAMESPACE  its namespace (default: imagestream-webhook)
#
# Writes, and prints OUT_DIR on stdout when done:
#   OUT_DIR/ca.crt   the CA certificate: the webhook configuration's caBundle is base64 of this file
#   OUT_DIR/tls.crt  serving certificate signed by that CA (serverAuth), for --tls-cert
#   OUT_DIR/tls.key  its private key (mode 0600), for --tls-key
# Subject alternative names: DNS localhost, SERVICE, SERVICE.NAMESPACE, SERVICE.NAMESPACE.svc,
# SERVICE.NAMESPACE.svc.cluster.local, IP 127.0.0.1, plus EXTRA_SANS (e.g. "DNS:hook.test,IP:10.0.0.5").
#
# Existing files are kept when tls.crt was signed by ca.crt, matches tls.key, has exactly these SANs
# and is valid for more than a day, so a caBundle already registered somewhere stays valid. FORCE=1
# always makes new ones. The CA's private key is thrown away: nothing else can be signed with it.
# Environment: DAYS (validity, default 30), EXTRA_SANS, FORCE. Needs openssl >= 1.1.1.
set -euo pipefail

OUT=${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)}
SERVICE=${2:-imagestream-webhook}
NAMESPACE=${3:-imagestream-webhook}
DAYS=${DAYS:-30}

fail() { printf 'certs/generate.sh: %s\n' "$*" >&2; exit 1; }
[[ $SERVICE =~ ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$ ]] || fail "SERVICE '$SERVICE' is not a DNS label"
[[ $NAMESPACE =~ ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$ ]] || fail "NAMESPACE '$NAMESPACE' is not a DNS label"
[[ $DAYS =~ ^[1-9][0-9]*$ ]] || fail "DAYS '$DAYS' is not a positive number of days"
command -v openssl >/dev/null || fail "openssl not found"

SVC="$SERVICE.$NAMESPACE.svc"
SANS="DNS:localhost,DNS:$SERVICE,DNS:$SERVICE.$NAMESPACE,DNS:$SVC,DNS:$SVC.cluster.local,IP:127.0.0.1"
[ -n "${EXTRA_SANS:-}" ] && SANS="$SANS,$EXTRA_SANS"

# is_current: the files in OUT already are what this invocation would make.
is_current() {
  local f got
  for f in ca.crt tls.crt tls.key; do [ -s "$OUT/$f" ] || return 1; done
  openssl verify -CAfile "$OUT/ca.crt" "$OUT/tls.crt" >/dev/null 2>&1 || return 1
  openssl x509 -in "$OUT/tls.crt" -noout -checkend 86400 >/dev/null || return 1
  [ "$(openssl x509 -in "$OUT/tls.crt" -noout -pubkey)" = "$(openssl pkey -in "$OUT/tls.key" -pubout 2>/dev/null)" ] || return 1
  got=$(openssl x509 -in "$OUT/tls.crt" -noout -ext subjectAltName | tail -n +2 | sed 's/IP Address:/IP:/g; s/[[:space:]]//g')
  [ "$got" = "$SANS" ]
}

mkdir -p "$OUT"
if [ "${FORCE:-0}" != 1 ] && is_current; then
  echo "$OUT"
  exit 0
fi

umask 077
work=$(mktemp -d "$OUT/.generate.XXXXXX")
trap 'rm -rf "$work"' EXIT

openssl req -x509 -new -nodes -days "$DAYS" -subj "/CN=imagestream-webhook development CA" \
  -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -keyout "$work/ca.key" -out "$work/ca.crt" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
openssl req -new -nodes -subj "/CN=$SVC" -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
  -keyout "$work/tls.key" -out "$work/tls.csr" 2>/dev/null
cat > "$work/ext.cnf" <<EOF
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
subjectAltName=$SANS
EOF
openssl x509 -req -in "$work/tls.csr" -CA "$work/ca.crt" -CAkey "$work/ca.key" -CAcreateserial \
  -days "$DAYS" -extfile "$work/ext.cnf" -out "$work/tls.crt" 2>/dev/null

chmod 0644 "$work/ca.crt" "$work/tls.crt"
chmod 0600 "$work/tls.key"
mv -f "$work/ca.crt" "$work/tls.crt" "$work/tls.key" "$OUT/"
echo "$OUT"
