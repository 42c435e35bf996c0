#!/usr/bin/env bash
# The whole test suite: installs what it needs, starts PostgreSQL and an S3 server on loopback ports,
# runs every test project, stops the servers. Usage: scripts/test.sh [--fast] [extra dotnet test args]
#   --fast  only the tests marked [Trait("Category", "Unit")] (ADR 0053): no PostgreSQL, no S3 server, no browser
set -euo pipefail
cd "$(dirname "$0")/.."
fast=0
if [ "${1:-}" = "--fast" ]; then
  fast=1
  shift
fi
bash scripts/install-test-deps.sh
export NASARENA_REPO_ROOT="$(pwd)"
if [ $fast = 1 ]; then
  # No servers: a test marked Unit that needs one fails loudly (TestServers names what is missing) instead of passing here.
  unset NASARENA_TEST_POSTGRES NASARENA_TEST_S3
  run_dir="$(mktemp -d /tmp/nasarena-fast.XXXXXX)"
  trap 'rm -rf "$run_dir"' EXIT
  set -- --filter "Category=Unit" "$@"
else
  source scripts/servers.sh
fi

dotnet build NasArena.sln -c Release -nologo -v q
status=0
# TRX files go to NASARENA_TEST_RESULTS when set (the GitHub workflow keeps them as an artifact).
results="${NASARENA_TEST_RESULTS:-$run_dir/results}"
for proj in $(find tests -name '*.Tests.csproj' | sort); do
  echo "=== $proj"
  dotnet test "$proj" -c Release --no-build -nologo --logger "trx;LogFilePrefix=r" --results-directory "$results" "$@" || status=1
done
# One closing line for the whole run (CI reads 'N passed, N failed').
/usr/bin/python3 scripts/summarize-trx.py "$results" || status=1
exit $status
