# shellcheck shell=bash
# Shared by the scripts that run the portal production-like (bench.sh, chaos.sh,
# audit.sh). Source it first:
#
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#
# Sourcing turns on strict mode, sets ROOT (and changes to it), PY and GUNICORN, and
# installs the EXIT/INT/TERM traps. At exit, in this order: the processes passed to
# stop_at_exit (gunicorn from start_gunicorn among them) get SIGTERM, then SIGKILL
# after 10 s; the PostgreSQL cluster from pg_cluster_create stops; $WORK is removed.
set -euo pipefail
shopt -s inherit_errexit

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PY="$ROOT/.venv/bin/python"
GUNICORN="$ROOT/.venv/bin/gunicorn"

WORK=""                 # the script's scratch folder, removed at exit
EXIT_PIDS=()            # stopped at exit
PG_STARTED=""           # set while our own cluster may be running

say() { printf '==> %s\n' "$*"; }

# True when something listens on 127.0.0.1:<port>.
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# initdb and postgres refuse to run as root.
as_postgres() {
    if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# WORK=a new folder /tmp/certportal-<name>.XXXXXX that the postgres user can traverse.
make_work_dir() {
    WORK="$(mktemp -d "/tmp/certportal-$1.XXXXXX")"
    chmod 755 "$WORK"
}

stop_at_exit() { EXIT_PIDS+=("$@"); }

stop_process() {  # pid: SIGTERM, up to 10 s to finish, then SIGKILL
    local pid="$1"
    kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
    wait "$pid" 2>/dev/null || true
}

_lib_cleanup() {
    local status=$?
    local pid
    for pid in "${EXIT_PIDS[@]}"; do stop_process "$pid"; done
    if [[ -n "$PG_STARTED" ]]; then pg_cluster_stop >/dev/null 2>&1 || true; fi
    if [[ -n "$WORK" ]]; then rm -rf "$WORK"; fi
    exit "$status"
}
trap _lib_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- A throwaway PostgreSQL cluster ---------------------------------------------------
# In $WORK/pg: trust auth, listening on 127.0.0.1:$PG_PORT only, its socket in its own
# folder. No other server is touched (the one on 5432 least of all).

find_pg_bin() {  # PG_BIN=the newest PostgreSQL's bin folder
    PG_BIN="$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -1)")"
    [[ -x "$PG_BIN/initdb" ]] || { echo "PostgreSQL not found (apt-get install -y postgresql)" >&2; exit 2; }
}

pg_cluster_create() {  # initdb in $WORK/pg and start on $PG_PORT; needs WORK and PG_PORT
    [[ -n "${PG_BIN:-}" ]] || find_pg_bin
    PG_DIR="$WORK/pg"
    PGDATA="$PG_DIR/data"
    mkdir -p "$PG_DIR"
    if [[ "$(id -u)" == 0 ]]; then chown postgres:postgres "$PG_DIR"; fi
    as_postgres "$PG_BIN/initdb" -D "$PGDATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
    pg_cluster_start
}

pg_cluster_start() {  # returns once the server accepts connections
    PG_STARTED=1
    as_postgres "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$PG_DIR/server.log" -w -t 30 \
        -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $PG_DIR -c max_connections=100" start >/dev/null
}

pg_cluster_stop() {  # fast shutdown: open sessions are cut, nothing waits for them
    as_postgres "$PG_BIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null
}

# --- The application, production-like --------------------------------------------------

export_production_env() {  # name: DEBUG off, a generated secret "<name>-…", no HTTPS redirect
    export DJANGO_DEBUG=0
    DJANGO_SECRET_KEY="$1-$("$PY" -c 'import secrets; print(secrets.token_urlsafe(48))')"
    export DJANGO_SECRET_KEY
    export DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost"
    export DJANGO_SECURE_SSL_REDIRECT=0
    export DJANGO_LOG_LEVEL=WARNING
}

# A database certportal_<name> in the throwaway cluster, the production environment
# (DATABASE_URL too), and the seeded catalog with its static files collected.
prepare_portal() {  # name
    "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres "certportal_$1"
    export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/certportal_$1"
    export_production_env "$1"
    # The per-client POST limit would turn a load from one address into 429s.
    export DJANGO_QUESTIONNAIRE_POST_LIMIT=0
    say "migrate, seed_catalog, collectstatic"
    "$PY" manage.py migrate --noinput -v 0
    "$PY" manage.py seed_catalog
    "$PY" manage.py collectstatic --noinput -v 0
}

# A finished questionnaire response in $DATABASE_URL (a diploma, an 80-hour course, a
# year of coding work, aiming at a physician office); prints its id.
create_finished_response() {
    local id
    id="$("$PY" manage.py shell -c '
from django.utils import timezone
from applicants.models import Response
r = Response.objects.create(
    answers={
        "education": "high_school_diploma",
        "him_program": "none",
        "coding_training_hours": 80,
        "coding_experience_months": 12,
        "credentials": [],
        "goal_setting": "physician_office",
    },
    completed_at=timezone.now(),
)
print("RESPONSE_ID=" + str(r.pk))
' | sed -n 's/^RESPONSE_ID=//p')"
    [[ -n "$id" ]] || { echo "could not create a questionnaire response" >&2; exit 1; }
    echo "$id"
}

# A session that owns the response <id> (as "Start now" makes one): prints its key,
# for a `Cookie: sessionid=<key>` header. Only the owner's session sees a response's
# pages (issue 12); a bare URL answers 404.
owner_session() {
    local key
    key="$("$PY" manage.py shell -c "
from importlib import import_module
from django.conf import settings
from applicants.models import SESSION_KEY
store = import_module(settings.SESSION_ENGINE).SessionStore()
store[SESSION_KEY] = '$1'
store.create()
print('SESSION=' + store.session_key)
" | sed -n 's/^SESSION=//p')"
    [[ -n "$key" ]] || { echo "could not create a session owning $1" >&2; exit 1; }
    echo "$key"
}

# gunicorn on 127.0.0.1:<port>, output to <log>, stopped at exit; returns once /healthz
# answers (exits the script if it doesn't within 20 s). GUNICORN_PID is its pid.
# Arguments after the log replace the default `-c gunicorn.conf.py`.
start_gunicorn() {
    local port="$1" log="$2"
    shift 2
    if (($# == 0)); then set -- -c "$ROOT/gunicorn.conf.py"; fi
    "$GUNICORN" "$@" --bind "127.0.0.1:$port" --no-control-socket >"$log" 2>&1 &
    GUNICORN_PID=$!
    stop_at_exit "$GUNICORN_PID"
    for _ in $(seq 100); do
        curl -fs -o /dev/null "http://127.0.0.1:$port/healthz" && return 0
        kill -0 "$GUNICORN_PID" 2>/dev/null || { echo "gunicorn exited:" >&2; cat "$log" >&2; exit 1; }
        sleep 0.2
    done
    echo "gunicorn on $port did not answer within 20 s" >&2
    exit 1
}

# --- Redis as the shared cache (BENCH_CACHE=redis, CHAOS_CACHE=redis) -------------------

redis_answers() {  # host port: true when a Redis server there answers PING
    local reply=""
    { exec 3<>"/dev/tcp/$1/$2"; } 2>/dev/null || return 1
    printf 'PING\r\n' >&3
    IFS= read -r -t 2 reply <&3 || true
    exec 3<&- 3>&-
    [[ "$reply" == "+PONG"* ]]
}

# Exports REDIS_URL: database <db> of the server at 127.0.0.1:6379 when one answers
# (emptied first: pick a number nobody else uses), else a throwaway redis-server of
# our own on <port> (stopped at exit). Exits when there is neither.
use_redis() {  # db port
    local db="$1" port="$2"
    if redis_answers 127.0.0.1 6379; then
        export REDIS_URL="redis://127.0.0.1:6379/$db"
        say "Redis at 127.0.0.1:6379, database $db (emptied)"
    elif command -v redis-server >/dev/null 2>&1; then
        redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no \
            --dir "$WORK" >"$WORK/redis.log" 2>&1 &
        stop_at_exit $!
        for _ in $(seq 50); do redis_answers 127.0.0.1 "$port" && break; sleep 0.1; done
        redis_answers 127.0.0.1 "$port" || { echo "redis-server did not start:" >&2; cat "$WORK/redis.log" >&2; exit 1; }
        export REDIS_URL="redis://127.0.0.1:$port/$db"
        say "Redis: a throwaway redis-server on 127.0.0.1:$port"
    else
        echo "no Redis at 127.0.0.1:6379 and no redis-server (apt-get install -y redis-server)" >&2
        exit 2
    fi
    "$PY" -c 'import os, redis; redis.Redis.from_url(os.environ["REDIS_URL"]).flushdb()'
}
