#!/usr/bin/env bash
# Runs after tsc (npm run build). tsc writes 0644 files, but the package's two executables must be
# executable: kubectl runs only executable plugins. kubectl also finds a plugin only by its exact
# file name, so dist/bin/kubectl-imagestream links to the built plugin: from a clone,
# `PATH="$PWD/dist/bin:$PATH" kubectl imagestream --help` works without installing anything.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
chmod +x dist/src/main.js dist/src/kubectl-imagestream.js
mkdir -p dist/bin
ln -sfn ../src/kubectl-imagestream.js dist/bin/kubectl-imagestream
