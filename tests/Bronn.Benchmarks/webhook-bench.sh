# Sourced by ./bronn: `./bronn bench webhook [seconds] [--defaults]`.
# webhook -> set -> response under wrk (a separate process, loopback), beside this run's own durable-commit ceiling:
# pgbench on the same PostgreSQL committing an execution row and two step rows per transaction (32 clients, 15 s).
# Every rate is reported as a ratio to that ceiling, because machines of this kind differ 2-3x from one to another.

webhook_bench() {
  local seconds=30 arg
  for arg in "$@"; do
    case "$arg" in
      --defaults) ;;
      ''|*[!0-9]*) die "usage: ./bronn bench webhook [seconds] [--defaults]" ;;
      *) seconds="$arg" ;;
    esac
  done
  command -v wrk >/dev/null || apt_install wrk
  build Bronn.Web/Bronn.Web.csproj
  ( start_throwaway_cluster durable
    BIN="$(pg_bin_dir)"
    bench_sql postgres "CREATE DATABASE bench"
    # The plain ./bronn run configuration (max_connections=300, the pool sized by Bronn from it): nothing is tuned for
    # the bench, so --defaults measures the same thing and is kept for the command the issue names.
    export ConnectionStrings__Bronn="Host=127.0.0.1;Port=$PG_PORT;Username=bronn;Database=bench"
    export Bronn__Jwt__SigningKey="benchmark-signing-key-that-is-long-enough-for-hs256"
    export Bronn__Encryption__Keys__bench="$(head -c 32 /dev/urandom | base64 -w0)"
    export Logging__LogLevel__Default=Warning
    local port; port="$(free_port)"
    export ASPNETCORE_URLS="http://127.0.0.1:$port" Bronn__PublicBaseUrl="http://127.0.0.1:$port"
    local base="http://127.0.0.1:$port" out; out="$(output_dir Bronn.Web)"
    (cd "$out" && dotnet Bronn.Web.dll migrate >/dev/null)

    CEILING="$(commit_ceiling)"
    say "durable-commit ceiling (pgbench, execution + 2 step rows per transaction, 32 clients, 15 s): $CEILING tps"

    (cd "$out" && exec dotnet Bronn.Web.dll) & APP=$!
    trap 'kill $APP 2>/dev/null; wait $APP 2>/dev/null; stop_cluster "$tmp/data"; rm -rf "$tmp"' EXIT
    until curl -sf "$base/healthz" >/dev/null; do sleep 0.2; done
    curl -sf -X POST "$base/api/auth/register" -H 'Content-Type: application/json' -d '{"email":"bench@example.com","password":"benchmark-password"}' >/dev/null
    local token; token="$(curl -sf -X POST "$base/api/auth/login" -H 'Content-Type: application/json' -d '{"email":"bench@example.com","password":"benchmark-password"}' | sed -E 's/.*"access_token":"([^"]+)".*/\1/')"
    LUA="$(mktemp)"; printf 'wrk.method = "POST"\nwrk.body = "{\\"name\\":\\"Ann\\"}"\nwrk.headers["Content-Type"] = "application/json"\n' >"$LUA"
    say "load: wrk -t2 from a separate process, ${seconds}s per run; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg); ./bronn run defaults"
    SUMMARY=""
    local mode
    for mode in ${BENCH_MODES:-when_finished immediately}; do
      local wf id hook
      wf="{\"name\":\"bench $mode\",\"nodes\":[{\"id\":\"hook\",\"type\":\"webhook\",\"parameters\":{\"respond\":\"$mode\"}},{\"id\":\"reply\",\"type\":\"set\",\"parameters\":{\"fields\":{\"greeting\":\"Hello {{ trigger.body.name }}\"}}}],\"edges\":[{\"from\":\"hook\",\"to\":\"reply\"}]}"
      id="$(curl -sf -X POST "$base/api/workflows" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "$wf" | sed -E 's/^\{"id":"([^"]+)".*/\1/')"
      curl -sf -X POST "$base/api/workflows/$id/publish" -H "Authorization: Bearer $token" >/dev/null
      curl -sf -X POST "$base/api/workflows/$id/activate" -H "Authorization: Bearer $token" >/dev/null
      hook="$(curl -sf "$base/api/workflows/$id" -H "Authorization: Bearer $token" | sed -E 's/.*"webhookUrl":"([^"]+)".*/\1/')"
      # Not measured: JIT and tiered compilation settle, pools fill (a steady state is what the targets are about);
      # longer the first time, when the whole server is cold.
      wrk -t2 -c50 -d"${warm:-15}s" -s "$LUA" "$hook" >/dev/null; local warm=5
      local connections
      for connections in 50 200; do
        measure_run "$mode" "$connections" "$id" "$hook" "$seconds"
      done
    done
    rm -f "$LUA"
    echo
    say "summary (ceiling $CEILING tps; load average now $(cut -d' ' -f1-3 /proc/loadavg)):"
    printf '%s' "$SUMMARY" )
}

bench_sql() { "$BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U bronn -d "$1" -tAqc "$2"; }

# What this PostgreSQL commits per second when each transaction is one execution and its two steps (fsync on).
commit_ceiling() {
  bench_sql bench "CREATE TABLE ceiling_executions (LIKE executions INCLUDING DEFAULTS INCLUDING INDEXES INCLUDING IDENTITY);
                   CREATE TABLE ceiling_steps (LIKE execution_steps INCLUDING DEFAULTS INCLUDING INDEXES INCLUDING IDENTITY)"
  local script; script="$(mktemp)"
  cat >"$script" <<'SQL'
WITH e AS (
  INSERT INTO ceiling_executions (id, workflow_id, workflow_version_id, owner_id, status, trigger_type, trigger_data, output,
                                  created_at, started_at, finished_at, crashes, cancel_requested, scheduler_version)
  VALUES (gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), 'succeeded', 'webhook',
          '{"body":{"name":"Ann"},"headers":{},"query":{},"method":"POST"}', '{"greeting":"Hello Ann"}', now(), now(), now(), 0, false, 1)
  RETURNING id)
INSERT INTO ceiling_steps (execution_id, node_id, key, node_type, status, attempt, output, items, port, started_at, finished_at)
SELECT e.id, s.node, s.node || '#0', s.type, 'succeeded', 1, '{"greeting":"Hello Ann"}', '[{"json":{"greeting":"Hello Ann"}}]', 'main', now(), now()
FROM e, (VALUES ('hook', 'webhook'), ('reply', 'set')) AS s(node, type);
SQL
  "$BIN/pgbench" -n -c 32 -j 2 -T 15 -f "$script" -h 127.0.0.1 -p "$PG_PORT" -U bronn bench 2>/dev/null \
    | sed -nE 's/^tps = ([0-9.]+).*/\1/p' | head -1 | cut -d. -f1
  rm -f "$script"
  bench_sql bench "DROP TABLE ceiling_executions; DROP TABLE ceiling_steps"
}

# CPU time (ms) the server process has used so far.
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) * 1000 / hz }' "/proc/$APP/stat"; }

# Commits in the bench database and WAL bytes written so far.
db_activity() { bench_sql bench "SELECT xact_commit || ' ' || pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0') FROM pg_stat_database WHERE datname = 'bench'"; }

# One wrk run against one webhook; prints its figures and adds a line to SUMMARY.
measure_run() {
  local mode="$1" connections="$2" id="$3" hook="$4" seconds="$5"
  local before stats_before cpu_before report started drained after stats_after cpu_after n
  before="$(bench_sql bench "SELECT count(*) FROM executions WHERE workflow_id = '$id'")"
  stats_before="$(db_activity)"; cpu_before="$(cpu_ms)"
  report="$(wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$LUA" "$hook")"
  started=$SECONDS
  until [ "$(bench_sql bench "SELECT count(*) FROM executions WHERE workflow_id = '$id' AND status IN ('queued','running','waiting')")" = 0 ] \
    || [ $((SECONDS - started)) -gt 300 ]; do sleep 0.5; done
  drained=$((SECONDS - started))
  cpu_after="$(cpu_ms)"; stats_after="$(db_activity)"
  after="$(bench_sql bench "SELECT count(*) FILTER (WHERE status = 'succeeded') || ' ' || count(*) FILTER (WHERE status <> 'succeeded') FROM executions WHERE workflow_id = '$id'")"
  n=$(( ${after%% *} + ${after##* } - before ))
  echo "== $mode, $connections connections"
  echo "$report" | grep -E 'Requests/sec|requests in|Non-2xx|Socket errors| 50%| 99%'
  local line
  line="$(awk -v mode="$mode" -v c="$connections" -v n="$n" -v s="$seconds" -v d="$drained" -v ceiling="$CEILING" \
      -v cpu="$(awk -v a="$cpu_after" -v b="$cpu_before" 'BEGIN { print a - b }')" -v b="$stats_before" -v a="$stats_after" \
      -v other="${after##* }" -v rss="$(awk '/VmHWM/ { print int($2 / 1024) }' "/proc/$APP/status")" \
      -v p99="$(echo "$report" | awk '$1 == "99%" { v = $2; u = v; gsub(/[0-9.]/, "", u); sub(/[a-z]+$/, "", v);
                 print (u == "us" ? v / 1000 : u == "s" ? v * 1000 : u == "m" ? v * 60000 : v) }')" \
      -v errors="$(echo "$report" | awk '/Non-2xx/ { e += $NF } /Socket errors/ { gsub(/[^0-9 ]/, " "); split($0, x, " "); e += x[1] + x[2] + x[3] + x[4] } END { print e + 0 }')" \
      'BEGIN { split(b, x, " "); split(a, y, " "); rate = n / (s + d);
        printf "%-13s %3d conn: %6.0f runs/s end to end = %.2f of the ceiling; p99 %.1f ms; %d errors, %d not succeeded (cumulative); %.2f ms CPU/run; %.2f commits/run; %.0f B WAL/run; peak RSS %d MiB; backlog drained in %d s\n",
          mode, c, rate, rate / ceiling, p99, errors, other, cpu / n, (y[1] - x[1]) / n, (y[2] - x[2]) / n, rss, d }')"
  echo "   $line"
  SUMMARY="$SUMMARY$line"$'\n'
}
