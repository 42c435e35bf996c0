#!/usr/bin/env bash
# Platform benchmarks (issue 2 and 10 targets, ADR 0023's cookie check; `bash scripts/bench-platform.sh leaderboard` runs one:
# latency, upload, leaderboard, chunked, session) against the real web process on PostgreSQL + the S3 server.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-deps.sh
command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null 2>&1 || sudo apt-get install -y -qq wrk; } # HTTP load (leaderboard)
source scripts/servers.sh
dotnet build -c Release -nologo -v q src/NasArena.AllInOne && dotnet build -c Release -nologo -v q tests/Benchmarks.Platform
dotnet tests/Benchmarks.Platform/bin/Release/net10.0/Benchmarks.Platform.dll "${1:-all}" "$(pwd)"
