#!/usr/bin/env bash
# `make chaos` (issue 5, "No lost answers"): PostgreSQL restarts under load, and no
# acknowledged answer is lost.
#
# A throwaway PostgreSQL cluster of its own (port 55434, a temp dir, stopped and removed
# at exit; the server on 5432 is never touched), migrate + seed_catalog + collectstatic,
# production settings (DEBUG off, generated secret, no HTTPS redirect on loopback, no
# per-client POST limit), gunicorn with gunicorn.conf.py on 127.0.0.1:8790. Then
# scripts/chaos.py drives CHAOS_CLIENTS people through the catalog and the
# questionnaire for CHAOS_DURATION seconds; a third of the way in, PostgreSQL stops
# (`pg_ctl stop -m fast`) for CHAOS_DOWNTIME seconds and starts again. gunicorn is
# left alone. Afterwards chaos.py proves, from its request log and the database,
# that every acknowledged POST was saved, no row is partial, errors happened only
# while the database was down, and the app recovered by itself. Prints and writes
# artifacts/chaos/report.md (with requests.jsonl, gunicorn.log, postgres.log);
# exits 1 when a proof fails. See docs/chaos.md.
#
#   CHAOS_DURATION=30 CHAOS_DOWNTIME=3 CHAOS_CLIENTS=8   seconds, seconds, threads
#   CHAOS_GRACE=2     errors may end this long after PostgreSQL accepts again
#   CHAOS_SEED=…      the load's random seed (printed in the report), to repeat a run
#   CHAOS_CACHE=redis the shared cache is Redis (REDIS_URL), not the database table:
#                     database CHAOS_REDIS_DB (7, emptied) of the server at
#                     127.0.0.1:6379, else a throwaway redis-server on CHAOS_REDIS_PORT
#   CHAOS_PORT=8790 CHAOS_PG_PORT=55434                   ports
#   GUNICORN_WORKERS / GUNICORN_THREADS                   override gunicorn.conf.py
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PORT="${CHAOS_PORT:-8790}"
PG_PORT="${CHAOS_PG_PORT:-55434}"
DURATION="${CHAOS_DURATION:-30}"
DURATION="${DURATION%s}"
DOWNTIME="${CHAOS_DOWNTIME:-3}"
DOWNTIME="${DOWNTIME%s}"
CLIENTS="${CHAOS_CLIENTS:-8}"
GRACE="${CHAOS_GRACE:-2}"
SEED="${CHAOS_SEED:-}"
CACHE="${CHAOS_CACHE:-db}"
OUT="$ROOT/artifacts/chaos"
number='^[0-9]+([.][0-9]+)?$'
for setting in "CHAOS_DURATION=$DURATION" "CHAOS_DOWNTIME=$DOWNTIME" "CHAOS_GRACE=$GRACE"; do
    [[ "${setting#*=}" =~ $number ]] || { echo "$setting is not a number of seconds" >&2; exit 2; }
done
[[ "$CLIENTS" =~ ^[1-9][0-9]*$ ]] || { echo "CHAOS_CLIENTS must be a positive integer" >&2; exit 2; }
[[ -z "$SEED" || "$SEED" =~ ^[0-9]+$ ]] || { echo "CHAOS_SEED must be a number" >&2; exit 2; }
[[ "$CACHE" =~ ^(db|redis)$ ]] || { echo "CHAOS_CACHE must be db or redis" >&2; exit 2; }
awk -v d="$DURATION" -v t="$DOWNTIME" 'BEGIN {exit !(d >= 3 * t && d >= 6)}' \
    || { echo "CHAOS_DURATION must be at least 6 s and 3 x CHAOS_DOWNTIME" >&2; exit 2; }

for p in "$PG_PORT" "$PORT"; do
    if port_busy "$p"; then echo "port $p is in use; set CHAOS_PORT / CHAOS_PG_PORT" >&2; exit 2; fi
done
make_work_dir chaos

# 1. The project venv, the throwaway cluster, production settings, the catalog.
make --no-print-directory install
find_pg_bin
say "PostgreSQL cluster in $WORK/pg on 127.0.0.1:$PG_PORT"
pg_cluster_create
if [[ "$CACHE" == redis ]]; then use_redis "${CHAOS_REDIS_DB:-7}" "${CHAOS_REDIS_PORT:-56381}"; fi
prepare_portal chaos

# 2. gunicorn (gunicorn.conf.py): started once, never restarted.
rm -rf "$OUT"
mkdir -p "$OUT"
say "gunicorn on 127.0.0.1:$PORT"
start_gunicorn "$PORT" "$OUT/gunicorn.log"
workers() { pgrep -P "$GUNICORN_PID" | sort -n | paste -sd, - || true; }
WORKERS_BEFORE="$(workers)"

# 3. The load, and PostgreSQL stopped and started again a third of the way in.
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
say "$CLIENTS clients for ${DURATION}s; PostgreSQL down for ${DOWNTIME}s at a third of it (load average $LOAD_BEFORE)"
"$PY" scripts/chaos.py drive --base "http://127.0.0.1:$PORT" --duration "$DURATION" \
    --clients "$CLIENTS" --log "$OUT/requests.jsonl" ${SEED:+--seed "$SEED"} &
DRIVER_PID=$!
stop_at_exit "$DRIVER_PID"

sleep "$(awk -v d="$DURATION" 'BEGIN {print d / 3}')"
STOP_BEGUN="$EPOCHREALTIME"
say "pg_ctl stop -m fast"
pg_cluster_stop
STOPPED="$EPOCHREALTIME"
sleep "$DOWNTIME"
START_BEGUN="$EPOCHREALTIME"
say "pg_ctl start"
pg_cluster_start          # -w: returns once the server accepts connections
"$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres
ACCEPTING="$EPOCHREALTIME"
printf '{"stop_begun": %s, "stopped": %s, "start_begun": %s, "accepting": %s}\n' \
    "$STOP_BEGUN" "$STOPPED" "$START_BEGUN" "$ACCEPTING" >"$OUT/window.json"

wait "$DRIVER_PID" || { echo "the load driver failed" >&2; exit 1; }
kill -0 "$GUNICORN_PID" 2>/dev/null || { echo "gunicorn is gone" >&2; exit 1; }
WORKERS_AFTER="$(workers)"

# 4. The proofs (scripts/chaos.py verify), with the database back.
say "verifying against the database"
cp "$PG_DIR/server.log" "$OUT/postgres.log"
set +e
"$PY" scripts/chaos.py verify --base "http://127.0.0.1:$PORT" --log "$OUT/requests.jsonl" \
    --window "$OUT/window.json" --report "$OUT/report.md" --grace "$GRACE" \
    --master-before "$GUNICORN_PID" --master-after "$(kill -0 "$GUNICORN_PID" 2>/dev/null && echo "$GUNICORN_PID")" \
    --workers-before "$WORKERS_BEFORE" --workers-after "$WORKERS_AFTER" --load-before "$LOAD_BEFORE" \
    --shown-command "CHAOS_DURATION=$DURATION CHAOS_DOWNTIME=$DOWNTIME CHAOS_CLIENTS=$CLIENTS CHAOS_CACHE=$CACHE make chaos"
status=$?
set -e
echo "report: ${OUT#"$ROOT"/}/report.md (requests.jsonl, gunicorn.log, postgres.log alongside)"
exit "$status"
