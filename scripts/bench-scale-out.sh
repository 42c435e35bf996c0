#!/usr/bin/env bash
# Issue 13's scale-out benchmark: PostgreSQL and s3rver of its own, the web (mode web) and 1, 2 and 4 worker processes
# (one Hangfire worker each) of this Release build on one queue. Prints supernet scoring throughput per worker count,
# then queued -> running latency (p50/p95/max) under a burst of 200 prediction files on 4 workers:
#   bash scripts/bench-scale-out.sh           (about 20 minutes on 2 cores)
#   bash scripts/bench-scale-out.sh --small   (3 supernets per worker count, a burst of 40: a quick check)
# Figures depend on the machine: more worker processes than cores add contention, not throughput.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-deps.sh >/dev/null
dotnet build -c Release -nologo -v q src/NasArena.Web >/dev/null
dotnet build -c Release -nologo -v q src/NasArena.Worker >/dev/null
dotnet build -c Release -nologo -v q tests/FaultInjection >/dev/null
exec dotnet tests/FaultInjection/bin/Release/net10.0/FaultInjection.dll --scale-out "$@" "$(pwd)"
