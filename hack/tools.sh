#!/usr/bin/env bash
# Builds the end-to-end control plane (helm, etcd, kube-apiserver, kube-controller-manager) and kubectl from the Go module proxy at pinned
# versions and caches each binary outside the repository, keyed by version, behind a stamp that also
# covers the wrapper go.mod/go.sum, so a warm machine rebuilds nothing.
#
# Usage: hack/tools.sh helm|etcd|kube-apiserver|kube-controller-manager|kubectl|all
# Prints the absolute path of each binary on stdout; everything else goes to stderr.
# Cache: ${IMAGESTREAM_WEBHOOK_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/imagestream-webhook/tools}/<tool>-<version>/
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=hack/versions.sh
. "$ROOT/hack/versions.sh"
CACHE=${IMAGESTREAM_WEBHOOK_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/imagestream-webhook/tools}
export CGO_ENABLED=0 GOWORK=off GOFLAGS="-buildvcs=false -trimpath"

log() { printf 'tools.sh: %s\n' "$*" >&2; }

# Runs a build command under nice, recording wall time and peak RSS in $dir/build-time.txt when GNU time exists.
timed() {
  local report=$1; shift
  if [ -x /usr/bin/time ]; then
    nice -n 10 /usr/bin/time -v -o "$report" "$@" >&2
    log "$(grep -E 'Elapsed \(wall|Maximum resident' "$report" | sed 's/^[[:space:]]*//' | paste -sd';')"
  else
    nice -n 10 "$@" >&2
  fi
}

# stamp_of TOOL VERSION [FILES...]: what a cached binary was built from.
stamp_of() {
  local tool=$1 version=$2; shift 2
  { echo "$tool $version"; declare -f "build_${tool//-/_}"; if [ $# -gt 0 ]; then cat "$@"; fi; } | sha256sum | cut -d' ' -f1
}

build_helm() {
  local out=$1
  timed "$out/build-time.txt" env GOBIN="$out" go install -ldflags "-s -w \
    -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION -X helm.sh/helm/v3/internal/version.gitTreeState=clean \
    -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMajor=1 -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMinor=33" \
    "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
}

build_etcd() {
  local out=$1
  (cd "$ROOT/e2e/tools/etcd" && timed "$out/build-time.txt" go build -o "$out/etcd" -ldflags "-s -w" \
    go.etcd.io/etcd/server/v3)
}

build_kube_apiserver() {
  local out=$1 minor v='' 
  minor=$(echo "$KUBE_VERSION" | cut -d. -f2)
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    v="$v -X $pkg.gitVersion=$KUBE_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"
  done
  (cd "$ROOT/e2e/tools/kube-apiserver" && timed "$out/build-time.txt" go build -o "$out/kube-apiserver" \
    -ldflags "-s -w $v" k8s.io/kubernetes/cmd/kube-apiserver)
}

# kube-controller-manager from the same k8s.io/kubernetes release as kube-apiserver, in a wrapper module of
# its own: adding it to the kube-apiserver wrapper would change that wrapper's go.sum, hence its stamp, and
# rebuild a kube-apiserver every worktree sharing the cache already has. The e2e control plane runs only its
# ClusterRole aggregation controller (what fills the built-in view/edit/admin roles).
build_kube_controller_manager() {
  local out=$1 minor v=''
  minor=$(echo "$KUBE_VERSION" | cut -d. -f2)
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    v="$v -X $pkg.gitVersion=$KUBE_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"
  done
  (cd "$ROOT/e2e/tools/kube-controller-manager" && timed "$out/build-time.txt" go build -o "$out/kube-controller-manager" \
    -ldflags "-s -w $v" k8s.io/kubernetes/cmd/kube-controller-manager)
}

# kubectl from the same k8s.io/kubernetes release, in its own wrapper module for the same reason: the e2e
# suite runs `kubectl imagestream …` through kubectl's real plugin lookup, and CI machines need not have one.
build_kubectl() {
  local out=$1 minor v=''
  minor=$(echo "$KUBE_VERSION" | cut -d. -f2)
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    v="$v -X $pkg.gitVersion=$KUBE_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"
  done
  (cd "$ROOT/e2e/tools/kubectl" && timed "$out/build-time.txt" go build -o "$out/kubectl" \
    -ldflags "-s -w $v" k8s.io/kubernetes/cmd/kubectl)
}

# A cold build needs about 5 GiB for GOMODCACHE, GOCACHE and the binaries (all under $HOME by default);
# say so up front instead of failing mid-link.
check_disk() {
  local dir=$1 avail
  avail=$(df -Pk "$dir" 2>/dev/null | awk 'NR==2 {print $4}') || true
  if [ -n "$avail" ] && [ "$avail" -lt $((5 * 1024 * 1024)) ]; then
    log "only $((avail / 1024)) MiB free on the filesystem of $dir; building the e2e tools needs about 5 GiB"
    return 1
  fi
}

# ensure TOOL: builds TOOL unless the cached stamp matches, then prints the binary's absolute path.
ensure() {
  local tool=$1 version inputs=() dir stamp tmp
  case "$tool" in
    helm) version=$HELM_VERSION ;;
    etcd) version=$ETCD_VERSION ;;
    kube-apiserver|kube-controller-manager|kubectl) version=$KUBE_VERSION ;;
    *) log "unknown tool '$tool' (expected helm, etcd, kube-apiserver, kube-controller-manager, kubectl or all)"; return 2 ;;
  esac
  if [ -f "$ROOT/e2e/tools/$tool/go.mod" ]; then inputs=("$ROOT/e2e/tools/$tool/go.mod" "$ROOT/e2e/tools/$tool/go.sum"); fi
  dir="$CACHE/$tool-$version"
  stamp=$(stamp_of "$tool" "$version" "${inputs[@]}")
  mkdir -p "$CACHE"
  exec 9>"$CACHE/.$tool.lock"
  flock 9
  if [ -x "$dir/$tool" ] && [ "$(cat "$dir/stamp" 2>/dev/null)" = "$stamp" ]; then
    log "$tool $version: cached"
  else
    log "$tool $version: building (go $(go env GOVERSION), cache $dir)"
    check_disk "$CACHE"
    tmp=$(mktemp -d "$CACHE/.$tool.XXXXXX")
    if ! "build_${tool//-/_}" "$tmp"; then rm -rf "$tmp"; log "$tool $version: build failed"; return 1; fi
    echo "$stamp" > "$tmp/stamp"
    rm -rf "$dir" && mv "$tmp" "$dir"
    log "$tool $version: built $dir/$tool"
  fi
  exec 9>&-
  echo "$dir/$tool"
}

case "${1:-}" in
  all) for t in helm etcd kube-apiserver kube-controller-manager kubectl; do ensure "$t"; done ;;
  helm|etcd|kube-apiserver|kube-controller-manager|kubectl) ensure "$1" ;;
  *) log "usage: hack/tools.sh helm|etcd|kube-apiserver|kube-controller-manager|kubectl|all"; exit 2 ;;
esac
