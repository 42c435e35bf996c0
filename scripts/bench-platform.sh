#!/usr/bin/env bash
# Platform benchmarks (issue 2 targets) against the real web process on PostgreSQL + the S3 server.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-deps.sh
source scripts/servers.sh
dotnet build -c Release -nologo -v q src/NasArena.AllInOne && dotnet build -c Release -nologo -v q tests/Benchmarks.Platform
dotnet tests/Benchmarks.Platform/bin/Release/net10.0/Benchmarks.Platform.dll "${1:-all}" "$(pwd)"
