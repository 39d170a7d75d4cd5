#!/bin/sh
# Installs Debian's docker-registry (the real registry the registry-client tests run on 127.0.0.1),
# unless it is already on PATH. Called by `npm test` (pretest), so a fresh clone needs nothing else.
set -eu
if command -v docker-registry >/dev/null 2>&1; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "hack/registry.sh: docker-registry is missing and this user cannot apt-get install it (no root, no sudo)" >&2; exit 1; }
  SUDO="sudo"
fi
echo "hack/registry.sh: installing docker-registry (Debian package) for the registry tests" >&2
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends docker-registry
command -v docker-registry >/dev/null 2>&1
