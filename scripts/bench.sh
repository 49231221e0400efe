#!/usr/bin/env bash
# `make bench` (after the engine benchmark): the portal under load, production-like.
#
# A throwaway PostgreSQL cluster of its own (port 55433, a temp dir, stopped and removed
# at exit; the server on 5432 is never touched), migrate + seed_catalog + collectstatic,
# production settings (DEBUG off, generated secret, no HTTPS redirect on loopback),
# gunicorn with gunicorn.conf.py on 127.0.0.1 (--no-control-socket), and wrk at
# 16 connections for 10 s per URL. Prints the table and writes artifacts/bench/report.md
# (and report-<N>.md for BENCH_CERTIFICATIONS=N). See docs/benchmarks.md.
#
#   BENCH_CERTIFICATIONS=1000   grow the catalog to 1,000 certifications first
#   BENCH_SERVERS=2             two gunicorn instances (two ports) on the one database;
#                               each is benched in turn
#   BENCH_DURATION=10s BENCH_CONNECTIONS=16 BENCH_THREADS=2   wrk settings
#   BENCH_PORT=8780 BENCH_PG_PORT=55433                       ports
#   GUNICORN_WORKERS / GUNICORN_THREADS                       override gunicorn.conf.py
#   BENCH_ONLY="healthz,catalog list"   only these rows (e.g. to compare gunicorn settings)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PORT="${BENCH_PORT:-8780}"
PG_PORT="${BENCH_PG_PORT:-55433}"
DURATION="${BENCH_DURATION:-10s}"
CONNECTIONS="${BENCH_CONNECTIONS:-16}"
WRK_THREADS="${BENCH_THREADS:-2}"
CERTS="${BENCH_CERTIFICATIONS:-}"
SERVERS="${BENCH_SERVERS:-1}"
OUT="$ROOT/artifacts/bench"
[[ "$SERVERS" =~ ^[12]$ ]] || { echo "BENCH_SERVERS must be 1 or 2" >&2; exit 2; }
[[ -z "$CERTS" || "$CERTS" =~ ^[0-9]+$ ]] || { echo "BENCH_CERTIFICATIONS must be a number" >&2; exit 2; }

make_work_dir bench

for p in "$PG_PORT" "$PORT" $([[ "$SERVERS" == 2 ]] && echo $((PORT + 1))); do
    if port_busy "$p"; then echo "port $p is in use; set BENCH_PORT / BENCH_PG_PORT" >&2; exit 2; fi
done

# 1. Tools: the project venv, wrk (Debian), PostgreSQL binaries (in the image).
make --no-print-directory install
if ! command -v wrk >/dev/null 2>&1; then
    say "installing wrk (Debian package)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends wrk >/dev/null \
        || { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends wrk >/dev/null; }
fi
find_pg_bin

# 2. The throwaway cluster (trust auth, loopback only, its own socket dir).
say "PostgreSQL cluster in $WORK/pg on 127.0.0.1:$PG_PORT"
pg_cluster_create
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres certportal_bench

# 3. Production settings, the catalog, static files, a finished questionnaire.
export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/certportal_bench"
export_production_env bench
# The per-client POST limit would turn a load test from one address into 429s.
export DJANGO_QUESTIONNAIRE_POST_LIMIT=0

say "migrate, seed_catalog, collectstatic"
"$PY" manage.py migrate --noinput -v 0
"$PY" manage.py seed_catalog
"$PY" manage.py collectstatic --noinput -v 0
if [[ -n "$CERTS" ]]; then
    say "growing the catalog to $CERTS certifications"
    "$PY" scripts/bench_grow_catalog.py "$CERTS"
fi
N_CERTS="$("$PY" manage.py shell -c 'from catalog.models import Certification; print("N=%d" % Certification.objects.filter(published=True).count())' | sed -n 's/^N=//p')"

ids="$("$PY" manage.py shell -c '
from django.utils import timezone
from applicants.models import Response
answers = {
    "education": "high_school_diploma",
    "him_program": "none",
    "coding_training_hours": 80,
    "coding_experience_months": 12,
    "credentials": [],
    "goal_setting": "physician_office",
}
done = Response.objects.create(answers=answers, completed_at=timezone.now())
posting = Response.objects.create(answers=answers, completed_at=timezone.now())
print(f"IDS={done.pk} {posting.pk}")
' | sed -n 's/^IDS=//p')"
read -r RESPONSE_ID POST_ID <<<"$ids"
[[ -n "$RESPONSE_ID" && -n "$POST_ID" ]] || { echo "could not create the questionnaire responses" >&2; exit 1; }

# 4. gunicorn (gunicorn.conf.py), one or two instances on the one database.
mkdir -p "$OUT"
PORTS=("$PORT")
[[ "$SERVERS" == 2 ]] && PORTS+=("$((PORT + 1))")
for p in "${PORTS[@]}"; do say "gunicorn on 127.0.0.1:$p"; start_gunicorn "$p" "$OUT/gunicorn-$p.log"; done
GCONF="$("$PY" - <<'EOF'
import runpy
ns = runpy.run_path("gunicorn.conf.py")
print(f"{ns['workers']} workers x {ns['threads']} threads ({ns['worker_class']})")
EOF
)"

# 5. wrk. Every script ends with the same `done`: one machine-readable line.
cat >"$WORK/report.lua" <<'EOF'
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
               + summary.errors.status + summary.errors.timeout
  io.write(string.format("BENCH %.1f %.2f %.2f %d %d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, errors))
end
EOF

# The questionnaire step POST: a real form POST to the training step of an existing
# response, with the CSRF cookie and token and the session cookie taken from a GET.
# (The secure cookies are read from the headers; curl's jar would drop them on http.)
post_script() {
    local base="$1" step="/eligibility/$POST_ID/training/"
    local headers body csrf_cookie session_cookie token
    headers="$(curl -fsS -D - -o "$WORK/step.html" "$base$step")"
    csrf_cookie="$(sed -n 's/^[Ss]et-[Cc]ookie: csrftoken=\([^;]*\).*/\1/p' <<<"$headers" | tr -d '\r')"
    session_cookie="$(sed -n 's/^[Ss]et-[Cc]ookie: sessionid=\([^;]*\).*/\1/p' <<<"$headers" | tr -d '\r')"
    token="$(sed -n 's/.*name="csrfmiddlewaretoken" value="\([^"]*\)".*/\1/p' "$WORK/step.html" | head -1)"
    [[ -n "$csrf_cookie" && -n "$token" ]] || { echo "no CSRF cookie/token on $step" >&2; exit 1; }
    # One check by hand: the POST redirects (saved), it is not a 403 or a 429.
    local code
    code="$(curl -sS -o /dev/null -w '%{http_code}' -X POST \
        -H "Cookie: csrftoken=$csrf_cookie; sessionid=$session_cookie" \
        --data "csrfmiddlewaretoken=$token&coding_training_hours=80" "$base$step")"
    [[ "$code" == 302 ]] || { echo "step POST answered $code, not 302" >&2; exit 1; }
    cat >"$WORK/post.lua" <<EOF
wrk.method = "POST"
wrk.path = "$step"
wrk.body = "csrfmiddlewaretoken=$token&coding_training_hours=80"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "csrftoken=$csrf_cookie; sessionid=$session_cookie"
EOF
    cat "$WORK/report.lua" >>"$WORK/post.lua"
    echo "$WORK/post.lua"
}

TARGETS=(
    "healthz|GET|/healthz"
    "catalog list|GET|/certifications/"
    "detail|GET|/certifications/cpc/"
    "search|GET|/certifications/?q=coder"
    "step POST|POST|/eligibility/$POST_ID/training/"
    "guidance|GET|/eligibility/$RESPONSE_ID/results/"
)

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
if awk -v l="${LOAD_BEFORE%% *}" 'BEGIN {exit !(l > 3)}'; then
    echo "warning: load average $LOAD_BEFORE before the runs; figures will suffer" >&2
fi

run_wrk() {  # base, method, path -> "rps p50 p99 requests errors"
    local base="$1" method="$2" path="$3" script="$WORK/report.lua" line
    if [[ "$method" == POST ]]; then script="$(post_script "$base")"; fi
    curl -fsS -o /dev/null "$base/healthz"          # the server is there
    wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d1s -s "$script" "$base$path" >/dev/null   # warm-up
    line="$(wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$script" "$base$path" \
        | tee -a "$OUT/wrk.log" | sed -n 's/^BENCH //p')"
    [[ -n "$line" ]] || { echo "wrk gave no result for $path" >&2; exit 1; }
    echo "$line"
}

: >"$OUT/wrk.log"
ROWS=()
for p in "${PORTS[@]}"; do
    base="http://127.0.0.1:$p"
    for entry in "${TARGETS[@]}"; do
        IFS='|' read -r name method path <<<"$entry"
        if [[ -n "${BENCH_ONLY:-}" && ",$BENCH_ONLY," != *",$name,"* ]]; then continue; fi
        # A GET must answer 200 before it is measured.
        if [[ "$method" == GET ]]; then
            code="$(curl -sS -o /dev/null -w '%{http_code}' "$base$path")"
            [[ "$code" == 200 ]] || { echo "$path answered $code, not 200" >&2; exit 1; }
        fi
        say "wrk -t$WRK_THREADS -c$CONNECTIONS -d$DURATION $method $base$path"
        echo "### $method $base$path" >>"$OUT/wrk.log"
        result="$(run_wrk "$base" "$method" "$path")"
        echo "    $result"
        ROWS+=("$p|$name|$method|$path|$result")
    done
done
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

# 6. The report.
MACHINE="$(nproc) CPU ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)), $(awk '/^MemTotal:/ {printf "%.0f GiB RAM", $2/1048576}' /proc/meminfo), $(uname -sr)"
REPORT="$OUT/report.md"
[[ -n "$CERTS" ]] && REPORT="$OUT/report-$CERTS.md"
[[ "$SERVERS" == 2 ]] && REPORT="${REPORT%.md}-2servers.md"
set +e
"$PY" - "$REPORT" "$MACHINE" "$GCONF" "$N_CERTS" "$LOAD_BEFORE" "$LOAD_AFTER" \
    "$CONNECTIONS" "$DURATION" "$WRK_THREADS" "$SERVERS" "${ROWS[@]}" <<'EOF'
import sys
from datetime import UTC, datetime

report, machine, gconf, n_certs, load_before, load_after, conns, duration, wthreads, servers, *rows = sys.argv[1:]
MIN_RATIO, MAX_P99 = 0.35, 25.0
lines = [
    "# certportal under load (`make bench`)",
    "",
    f"Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC · machine: {machine}",
    f"gunicorn: {gconf}, {servers} instance(s) · PostgreSQL (throwaway cluster) · "
    f"{n_certs} published certifications · DEBUG off, whitenoise, gzip",
    f"wrk -t{wthreads} -c{conns} -d{duration} --latency, on 127.0.0.1 (wrk and the server share the CPUs)",
    f"Load average before / after: {load_before} / {load_after}",
    "",
]
failures = []
by_port = {}
for row in rows:
    port, name, method, path, result = row.split("|")
    rps, p50, p99, requests, errors = result.split()
    by_port.setdefault(port, []).append((name, method, path, float(rps), float(p50), float(p99), int(requests), int(errors)))
for port, results in by_port.items():
    base = next(r[3] for r in results if r[0] == "healthz")
    if len(by_port) > 1:
        lines += [f"## gunicorn on port {port}", ""]
    lines += [
        "| page | request | req/s | p50 ms | p99 ms | ratio to /healthz | errors |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for name, method, path, rps, p50, p99, requests, errors in results:
        ratio = rps / base if base else 0
        shown = path if len(path) < 48 else path[:20] + "…" + path[-20:]
        lines.append(f"| {name} | {method} `{shown}` | {rps:,.0f} | {p50:.1f} | {p99:.1f} | {ratio:.2f} | {errors} |")
        if name != "healthz" and ratio < MIN_RATIO:
            failures.append(f"{name}: ratio {ratio:.2f} < {MIN_RATIO}")
        if p99 > MAX_P99:
            failures.append(f"{name}: p99 {p99:.1f} ms > {MAX_P99:.0f} ms")
        if not requests:
            failures.append(f"{name}: no request completed (wrk times out at 2 s)")
        if errors:
            failures.append(f"{name}: {errors} errors (socket errors or non-2xx/3xx)")
    lines.append("")
lines += [
    f"Targets (issue 5): every page ≥ {MIN_RATIO} of /healthz; p99 ≤ {MAX_P99:.0f} ms; no errors.",
    "",
    *([f"- MISSED: {f}" for f in failures] or ["All targets met."]),
    "",
]
text = "\n".join(lines)
with open(report, "w") as f:
    f.write(text)
print(text)
sys.exit(1 if failures else 0)
EOF
status=$?
set -e
echo "report: ${REPORT#"$ROOT"/} (raw wrk output: artifacts/bench/wrk.log)"
# BENCH_STRICT=1 makes a missed target fail the command; by default it is reported only.
if [[ "${BENCH_STRICT:-0}" == 1 ]]; then exit "$status"; fi
exit 0
