#!/usr/bin/env bash
# Runs the import controller on this machine as the release's own controller, e.g.
#   hack/run-controller-outside.sh imagestream-webhook imagestream-webhook 127.0.0.1:9090
# It extracts the controller's configuration from the release's ConfigMap into DIR (its
# registries.caBundleFile pointed at DIR/ca-bundle.pem, since the chart's path is a Pod mount), a
# kubeconfig with a TokenRequest token of the controller's ServiceAccount (the chart's RBAC, no
# more), scales the in-cluster controller Deployment to 0 so this process holds the Lease alone,
# runs `controller` in the foreground, and gives the Deployment its replicas back when it stops
# (Ctrl-C, SIGTERM, or a failure). Restart it after a `helm upgrade` that changes controller.*.
#
# Usage: hack/run-controller-outside.sh RELEASE [NAMESPACE] [METRICS_LISTEN]
#   defaults: NAMESPACE=RELEASE, METRICS_LISTEN=127.0.0.1:9090 (/healthz, /readyz, /metrics)
# Environment: KUBECONFIG (your access; needs get on the release's Deployments and ConfigMap,
#   create serviceaccounts/token, get and update deployments/scale), RUN_OUTSIDE_DIR (default: a
#   fresh temp directory), RUN_OUTSIDE_LOG_LEVEL (default info). Needs `npm run build` first.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RELEASE=${1:?usage: hack/run-controller-outside.sh RELEASE [NAMESPACE] [METRICS_LISTEN]}
NAMESPACE=${2:-$RELEASE}
METRICS_LISTEN=${3:-127.0.0.1:9090}
DIR=${RUN_OUTSIDE_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/imagestream-webhook-controller.XXXXXX")}
MAIN="$ROOT/dist/src/main.js"
# shellcheck source=hack/foreground.sh
. "$ROOT/hack/foreground.sh"
[ -f "$MAIN" ] || { echo "run-controller-outside.sh: $MAIN is missing; run npm run build" >&2; exit 1; }

node "$MAIN" release-files --release "$RELEASE" --namespace "$NAMESPACE" --component controller --out "$DIR"
PREVIOUS=$(node "$MAIN" release-scale --release "$RELEASE" --namespace "$NAMESPACE" --component controller --replicas 0)
echo "run-controller-outside.sh: files in $DIR; in-cluster controller scaled from $PREVIOUS to 0 replicas" >&2
restore() {
  node "$MAIN" release-scale --release "$RELEASE" --namespace "$NAMESPACE" --component controller --replicas "$PREVIOUS" >/dev/null &&
    echo "run-controller-outside.sh: in-cluster controller back to $PREVIOUS replicas" >&2
}
trap restore EXIT

foreground node "$MAIN" controller --kubeconfig "$DIR/kubeconfig" --config "$DIR/config.yaml" \
  --metrics-listen "$METRICS_LISTEN" --leader-elect=true --log-level "${RUN_OUTSIDE_LOG_LEVEL:-info}"
