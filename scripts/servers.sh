#!/usr/bin/env bash
# Sourced by scripts/test.sh and the benchmark scripts: starts PostgreSQL and s3rver on free loopback ports in a
# throwaway folder, exports NASARENA_TEST_POSTGRES / NASARENA_TEST_S3, and stops both on exit.
run_dir=$(mktemp -d /tmp/nasarena-servers.XXXXXX)
chmod 755 "$run_dir"
pg_dir="$run_dir/pg"; s3_dir="$run_dir/s3"
mkdir -p "$pg_dir" "$s3_dir"
pick_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
pg_port=$(pick_port); s3_port=$(pick_port)

stop_servers() {
  runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$pg_dir" -m immediate stop >/dev/null 2>&1 || true
  [ -n "${s3_pid:-}" ] && kill "$s3_pid" 2>/dev/null || true
  rm -rf "$run_dir"
}
trap stop_servers EXIT

# PostgreSQL refuses to run as root: the cluster belongs to the postgres user.
chown postgres:postgres "$pg_dir"
runuser -u postgres -- /usr/lib/postgresql/15/bin/initdb -D "$pg_dir" -U postgres --auth=trust >/dev/null
runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$pg_dir" -l "$pg_dir/server.log" \
  -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off" -w start >/dev/null

.tools/node_modules/.bin/s3rver --silent --address 127.0.0.1 --port "$s3_port" --directory "$s3_dir" >/dev/null 2>&1 &
s3_pid=$!
# Up to 60 s: node starts slowly on a loaded 2-core machine. Not up by then is an error, not a silent carry-on
# (the tests would fail later with a confusing "connection refused").
s3_up=""
for _ in $(seq 600); do (exec 3<>/dev/tcp/127.0.0.1/"$s3_port") 2>/dev/null && { s3_up=1; break; }; sleep 0.1; done
if [ -z "$s3_up" ]; then
  echo "s3rver did not start listening on 127.0.0.1:$s3_port within 60 s (is .tools/node_modules/.bin/s3rver installed? scripts/install-test-deps.sh installs it)" >&2
  exit 1
fi

export NASARENA_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"
export NASARENA_TEST_S3="http://127.0.0.1:$s3_port"
# For the fault-injection run, which restarts PostgreSQL mid-scoring.
export NASARENA_TEST_PG_DIR="$pg_dir"
echo "PostgreSQL on 127.0.0.1:$pg_port, S3 (s3rver) on 127.0.0.1:$s3_port"
