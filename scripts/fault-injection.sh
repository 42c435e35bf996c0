#!/usr/bin/env bash
# Issue 8's fault-injection run: PostgreSQL and s3rver of its own, the web (mode web) and two workers as separate Release
# processes; a burst of sharded supernets, kill -9 of workers (--kills N, restarted as a supervisor would), kill -9 of the
# web during 200 MB uploads, PostgreSQL restarted mid-scoring, object storage stopped for 30 s. One line of counts each:
#   bash scripts/fault-injection.sh --kills 20          (about 25 minutes on 2 cores)
#   bash scripts/fault-injection.sh --small --kills 2   (the suite's smaller run)
#   bash scripts/fault-injection.sh --only fairness     (issue 25: team two's wait behind a burst, fair queues on and off)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-deps.sh >/dev/null
dotnet build -c Release -nologo -v q src/NasArena.Web >/dev/null
dotnet build -c Release -nologo -v q src/NasArena.Worker >/dev/null
dotnet build -c Release -nologo -v q tests/FaultInjection >/dev/null
exec dotnet tests/FaultInjection/bin/Release/net10.0/FaultInjection.dll "$@" "$(pwd)"
