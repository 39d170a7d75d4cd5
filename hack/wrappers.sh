#!/usr/bin/env bash
# Regenerates the wrapper Go modules under e2e/tools/ from the versions in hack/versions.sh.
# Run it only when a version changes, then commit e2e/tools/*/go.mod and go.sum: they pin the builds.
#
# kube-apiserver (and kube-controller-manager, kubectl) cannot be `go install`ed: k8s.io/kubernetes requires its staging modules at v0.0.0 and
# replaces them with ./staging paths, which only the main module may do. The wrapper replaces each one with
# its tagged release (v0.<minor>.<patch>), the list being read from the downloaded k8s.io/kubernetes go.mod.
# etcd's server module carries replace directives too, so it also needs a wrapper, though no replaces.
#
# Usage: hack/wrappers.sh etcd|kube-apiserver|kube-controller-manager|kubectl|all
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=hack/versions.sh
. "$ROOT/hack/versions.sh"
export GOWORK=off GOFLAGS=-buildvcs=false

fresh_module() {
  local dir="$ROOT/e2e/tools/$1"
  mkdir -p "$dir" && rm -f "$dir/go.mod" "$dir/go.sum"
  (cd "$dir" && go mod init "e2e.local/tools/$1" >&2 && go mod edit -go=1.24.0)
  echo "$dir"
}

wrap_etcd() {
  local dir
  dir=$(fresh_module etcd)
  (cd "$dir" && go get -tool "go.etcd.io/etcd/server/v3@$ETCD_VERSION" && go mod tidy)
}

# wrap_kubernetes CMD: a wrapper module named after k8s.io/kubernetes/cmd/CMD that builds that command.
wrap_kubernetes() {
  local cmd=$1 dir gomod staging patch minor
  dir=$(fresh_module "$cmd")
  minor=$(echo "$KUBE_VERSION" | cut -d. -f2)
  patch=$(echo "$KUBE_VERSION" | cut -d. -f3)
  staging="v0.$minor.$patch"
  gomod=$(cd "$dir" && go mod download -json "k8s.io/kubernetes@$KUBE_VERSION" | sed -n 's/.*"GoMod": "\([^"]*\)".*/\1/p')
  [ -n "$gomod" ] || { echo "wrappers.sh: cannot download k8s.io/kubernetes@$KUBE_VERSION" >&2; exit 1; }
  for m in $(sed -n 's#^[[:space:]]*\(k8s\.io/[^ ]*\) => \./staging/src/.*#\1#p' "$gomod"); do
    (cd "$dir" && go mod edit -replace="$m=$m@$staging")
  done
  (cd "$dir" && go mod edit -godebug="$(sed -n 's/^godebug \(.*\)/\1/p' "$gomod" | head -1)" 2>/dev/null || true)
  (cd "$dir" && go get -tool "k8s.io/kubernetes/cmd/$cmd@$KUBE_VERSION" && go mod tidy)
}

case "${1:-}" in
  etcd) wrap_etcd ;;
  kube-apiserver|kube-controller-manager|kubectl) wrap_kubernetes "$1" ;;
  all) wrap_etcd; wrap_kubernetes kube-apiserver; wrap_kubernetes kube-controller-manager; wrap_kubernetes kubectl ;;
  *) echo "usage: hack/wrappers.sh etcd|kube-apiserver|kube-controller-manager|kubectl|all" >&2; exit 2 ;;
esac
