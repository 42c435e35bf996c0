#!/usr/bin/env bash
# The whole test suite: installs what it needs, starts PostgreSQL and an S3 server on loopback ports,
# runs every test project, stops the servers. Usage: scripts/test.sh [extra dotnet test args]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-deps.sh
source scripts/servers.sh
export NASARENA_REPO_ROOT="$(pwd)"

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
