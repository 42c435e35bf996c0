#!/usr/bin/env bash
# The whole test suite: installs what it needs, starts PostgreSQL and an S3 server on loopback ports,
# runs every test project, stops the servers. Usage: scripts/test.sh [extra dotnet test args]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
bash scripts/install-test-deps.sh

run_dir=$(mktemp -d /tmp/nasarena-test.XXXXXX)
chmod 755 "$run_dir"
pg_dir="$run_dir/pg"; s3_dir="$run_dir/s3"
mkdir -p "$pg_dir" "$s3_dir"
pick_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
pg_port=$(pick_port); s3_port=$(pick_port)

cleanup() {
  runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$pg_dir" -m immediate stop >/dev/null 2>&1 || true
  [ -n "${s3_pid:-}" ] && kill "$s3_pid" 2>/dev/null || true
  rm -rf "$run_dir"
}
trap cleanup EXIT

# PostgreSQL refuses to run as root: the cluster belongs to the postgres user (machine-facts).
chown postgres:postgres "$pg_dir"
runuser -u postgres -- /usr/lib/postgresql/15/bin/initdb -D "$pg_dir" -U postgres --auth=trust >/dev/null
runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$pg_dir" \
  -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off" -w start >/dev/null

.tools/node_modules/.bin/s3rver --silent --address 127.0.0.1 --port "$s3_port" --directory "$s3_dir" \
  --configure-bucket nasarena-test >/dev/null 2>&1 &
s3_pid=$!
for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/"$s3_port") 2>/dev/null && break; sleep 0.1; done

export NASARENA_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"
export NASARENA_TEST_S3="http://127.0.0.1:$s3_port"
export NASARENA_REPO_ROOT="$root"
echo "PostgreSQL on 127.0.0.1:$pg_port, S3 (s3rver) on 127.0.0.1:$s3_port"

dotnet build NasArena.sln -c Release -nologo -v q
status=0
results="$run_dir/results"
for proj in $(find tests -name '*.Tests.csproj' | sort); do
  echo "=== $proj"
  dotnet test "$proj" -c Release --no-build -nologo --logger "trx;LogFilePrefix=r" --results-directory "$results" "$@" || status=1
done
# One closing line for the whole run (CI reads 'N passed, N failed').
/usr/bin/python3 scripts/summarize-trx.py "$results" || status=1
exit $status
