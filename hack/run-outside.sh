#!/usr/bin/env bash
# Runs the webhook on this machine as a release installed with webhook.url pointing here, e.g.
#   helm install imagestream-webhook helm/imagestream-webhook -n imagestream-webhook --create-namespace \
#     --set webhook.url=https://127.0.0.1:9443,replicaCount=0
#   hack/run-outside.sh imagestream-webhook imagestream-webhook 127.0.0.1:9443
# It extracts what the release's Pods would mount (TLS Secret, rendered policy ConfigMap, a TokenRequest
# token of the release's ServiceAccount) into DIR, starts `serve` with those files, and re-extracts the
# policy every REFRESH seconds so a `helm upgrade` that changes it is applied without a restart (serve
# re-reads its --config file on change, as it does its certificate; a bad file keeps the old policy).
#
# Usage: hack/run-outside.sh RELEASE [NAMESPACE] [LISTEN] [METRICS_LISTEN]
#   defaults: NAMESPACE=RELEASE, LISTEN=127.0.0.1:9443, METRICS_LISTEN=127.0.0.1:9080
# Environment: KUBECONFIG (your access; needs get on the release's Deployment, Secret and ConfigMap and
#   create serviceaccounts/token), RUN_OUTSIDE_DIR (default: a fresh temp directory),
#   RUN_OUTSIDE_REFRESH (seconds, default 10). Needs `npm run build` first.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RELEASE=${1:?usage: hack/run-outside.sh RELEASE [NAMESPACE] [LISTEN] [METRICS_LISTEN]}
NAMESPACE=${2:-$RELEASE}
LISTEN=${3:-127.0.0.1:9443}
METRICS_LISTEN=${4:-127.0.0.1:9080}
DIR=${RUN_OUTSIDE_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/imagestream-webhook-outside.XXXXXX")}
REFRESH=${RUN_OUTSIDE_REFRESH:-10}
MAIN="$ROOT/dist/src/main.js"
# shellcheck source=hack/foreground.sh
. "$ROOT/hack/foreground.sh"
[ -f "$MAIN" ] || { echo "run-outside.sh: $MAIN is missing; run npm run build" >&2; exit 1; }

node "$MAIN" release-files --release "$RELEASE" --namespace "$NAMESPACE" --out "$DIR"
echo "run-outside.sh: release files in $DIR; policy re-read every ${REFRESH}s" >&2

# Refresh the policy in the background; a failed refresh (API server unreachable) keeps the last file.
( while sleep "$REFRESH"; do
    node "$MAIN" release-files --release "$RELEASE" --namespace "$NAMESPACE" --out "$DIR" --only config || true
  done ) &
REFRESHER=$!
trap 'kill "$REFRESHER" 2>/dev/null || true' EXIT

foreground node "$MAIN" serve --listen "$LISTEN" --metrics-listen "$METRICS_LISTEN" \
  --tls-cert "$DIR/tls.crt" --tls-key "$DIR/tls.key" --config "$DIR/config.yaml" --kubeconfig "$DIR/kubeconfig"
