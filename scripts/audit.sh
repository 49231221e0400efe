#!/usr/bin/env bash
# `make audit`: Lighthouse (performance, accessibility, best practices, SEO) on the
# home, list, detail, compare, glossary, a questionnaire step and results, against a production-like
# gunicorn (DEBUG off, collected static files served by whitenoise) on a throwaway
# SQLite database. Writes artifacts/audit/report.md and one JSON per page, prints the
# table, and exits non-zero when a score misses the targets of issue 4:
# accessibility, best practices and SEO 100, performance >= 95.
# See docs/audit.md.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PORT="${AUDIT_PORT:-8766}"
BASE="http://127.0.0.1:${PORT}"
TOOLS="$ROOT/tools/audit"
WORK="$ROOT/.tmp/audit"            # database, Chromium profiles, temp files (removed at exit)
OUT="$ROOT/artifacts/audit"        # report.md, <page>.json, gunicorn.log (kept)
CHROME="${CHROME_PATH:-/usr/bin/chromium}"
CHROME_FLAGS="--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync --disable-dev-shm-usage"
MIN_PERF=95      # on a 0-100 scale
MIN_OTHER=100
# Lighthouse runs per page; with more than one, the run with the median performance
# score is reported (the others stay in artifacts/audit/runs/). Use an odd number.
RUNS="${AUDIT_RUNS:-3}"
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "AUDIT_RUNS must be a positive integer" >&2; exit 2; }

[[ -x "$CHROME" ]] || { echo "Chromium not found at $CHROME (set CHROME_PATH)" >&2; exit 2; }
if port_busy "$PORT"; then
    echo "Port $PORT is already in use; set AUDIT_PORT to another port." >&2
    exit 2
fi

# 1. Tools: the project venv and Lighthouse 13.5 with its own Node 22.
say "project venv (make install)"
make --no-print-directory install
say "Lighthouse (npm ci --prefix tools/audit)"
if [[ -f "$TOOLS/node_modules/.package-lock.json" \
      && "$TOOLS/node_modules/.package-lock.json" -nt "$TOOLS/package-lock.json" \
      && -x "$TOOLS/node_modules/.bin/lighthouse" && -x "$TOOLS/node_modules/.bin/node" ]]; then
    echo "tools/audit/node_modules is up to date with its lock"
else
    # EBADENGINE warnings come from the system Node 20; Lighthouse runs on the local Node 22.
    npm ci --prefix "$TOOLS" --no-audit --no-fund --loglevel=error
fi
export PATH="$TOOLS/node_modules/.bin:$PATH"   # local Node 22 first: lighthouse's `env node`
LH_VERSION="$(cd "$TOOLS" && node -p 'require("lighthouse/package.json").version')"
echo "lighthouse $LH_VERSION on node $(node --version)"

# 2. A throwaway database and the collected static files, production settings.
rm -rf "$WORK"
mkdir -p "$WORK/tmp" "$OUT"
rm -f "$OUT"/*.json "$OUT"/report.md
export TMPDIR="$WORK/tmp"   # chrome-launcher leaves its profiles here
export DATABASE_URL="sqlite:///$WORK/audit.sqlite3"
export_production_env audit

say "database $DATABASE_URL"
"$PY" manage.py migrate --noinput -v 0
"$PY" manage.py seed_catalog
"$PY" manage.py collectstatic --noinput -v 0
RESPONSE_ID="$(create_finished_response)"
echo "finished questionnaire response: $RESPONSE_ID"
# Its pages answer its owner only: Lighthouse sends the owner's session cookie.
OWNER_COOKIE="sessionid=$(owner_session "$RESPONSE_ID")"

# 3. gunicorn, production-like.
say "gunicorn on $BASE"
start_gunicorn "$PORT" "$OUT/gunicorn.log" certportal.wsgi:application \
    --workers 2 --access-logfile - --error-logfile -

# 4. Lighthouse on each page (retry up to 3 times on a runtimeError such as NO_NAVSTART).
PAGES=(
    "home|/"
    "list|/certifications/"
    "detail|/certifications/CPC/"
    "compare|/compare/?c=CCA&c=CPC"
    "glossary|/glossary/"
    "step|/eligibility/$RESPONSE_ID/education/"
    "results|/eligibility/$RESPONSE_ID/results/"
)
runtime_error() {  # prints the runtimeError code of a report, or nothing
    node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));
             if (r.runtimeError) console.log(r.runtimeError.code || "runtimeError")' "$1"
}
median_run() {  # copies the run with the median performance score to $1
    local target="$1"; shift
    node -e 'const fs=require("fs"); const [target,...files]=process.argv.slice(1);
             const runs=files.map(f=>[f,JSON.parse(fs.readFileSync(f,"utf8")).categories.performance.score])
                             .sort((a,b)=>a[1]-b[1]);
             const [file]=runs[Math.floor((runs.length-1)/2)];
             fs.copyFileSync(file,target);
             console.log("performance of the runs: "+runs.map(r=>Math.round(r[1]*100)).join(", ")+"; median: "+file.split("/").pop())' \
        "$target" "$@"
}
rm -rf "$OUT/runs"
LOAD="$(cut -d' ' -f1-3 /proc/loadavg)"
if awk -v l="${LOAD%% *}" -v n="$(nproc)" 'BEGIN {exit !(l > n)}'; then
    echo "warning: load average $LOAD on $(nproc) CPUs; performance scores will suffer" >&2
fi
for entry in "${PAGES[@]}"; do
    name="${entry%%|*}"; path="${entry#*|}"; url="$BASE$path"
    cookie=""
    [[ "$path" == /eligibility/* ]] && cookie="$OWNER_COOKIE"
    code="$(curl -sS -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$url")"
    [[ "$code" == 200 ]] || { echo "$url answered $code, not 200" >&2; exit 1; }
    runs=()
    for run in $(seq "$RUNS"); do
        json="$OUT/$name.json"
        [[ "$RUNS" -eq 1 ]] || { mkdir -p "$OUT/runs"; json="$OUT/runs/$name.$run.json"; }
        for attempt in 1 2 3; do
            say "lighthouse $name $path (run $run/$RUNS, attempt $attempt)"
            error=""
            headers=()
            # A person's own pages are noindex on purpose (issue 12): Lighthouse's
            # "is-crawlable" would count that against them, so it is skipped there.
            [[ "$path" == /eligibility/* ]] && headers=(--extra-headers "{\"Cookie\": \"$OWNER_COOKIE\"}" --skip-audits=is-crawlable)
            if CHROME_PATH="$CHROME" lighthouse "$url" --quiet "${headers[@]}" \
                    --output=json --output-path="$json" \
                    --only-categories=performance,accessibility,best-practices,seo \
                    --chrome-flags="$CHROME_FLAGS"; then
                error="$(runtime_error "$json")"
            else
                error="exit status $?"
            fi
            [[ -z "$error" ]] && break
            echo "lighthouse failed on $name: $error" >&2
            [[ $attempt -lt 3 ]] || { echo "giving up on $name after 3 attempts" >&2; exit 1; }
        done
        runs+=("$json")
    done
    [[ "$RUNS" -eq 1 ]] || median_run "$OUT/$name.json" "${runs[@]}"
done

# 5. The report.
say "report"
MACHINE="$(uname -srm), $(nproc) CPU ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)), $(awk '/^MemTotal:/ {printf "%.0f GiB RAM", $2/1048576}' /proc/meminfo)"
CHROMIUM_VERSION="$("$CHROME" --version 2>/dev/null | head -1)"
set +e
node - "$OUT" "$MIN_PERF" "$MIN_OTHER" "$LH_VERSION" "$MACHINE" "$CHROMIUM_VERSION" "$RUNS" "$LOAD" "${PAGES[@]}" <<'NODE'
const fs = require("fs");
const [out, minPerf, minOther, lhVersion, machine, chromium, runs, load, ...pages] = process.argv.slice(2);
const cats = ["performance", "accessibility", "best-practices", "seo"];
const rows = [], failures = [], details = [];
for (const entry of pages) {
  const [name, path] = entry.split("|");
  const r = JSON.parse(fs.readFileSync(`${out}/${name}.json`, "utf8"));
  const s = Object.fromEntries(cats.map((c) => [c, Math.round(r.categories[c].score * 100)]));
  rows.push(`| ${name} | \`${path}\` | ${cats.map((c) => s[c]).join(" | ")} |`);
  for (const c of cats) {
    const min = c === "performance" ? +minPerf : +minOther;
    if (s[c] < min) failures.push(`${name}: ${c} ${s[c]} < ${min}`);
    // Audits that cost points: weighted, scored below 1.
    for (const ref of r.categories[c].auditRefs) {
      const a = r.audits[ref.id];
      if (ref.weight > 0 && a.score !== null && a.score < 1) {
        const value = a.displayValue ? ` (${a.displayValue})` : "";
        details.push(`- ${name} · ${c} · \`${a.id}\`${value}: ${a.title}`);
      }
    }
  }
}
const when = new Date().toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");
const md = [
  "# Lighthouse audit",
  "",
  `Date: ${when} · Lighthouse ${lhVersion} · ${chromium}`,
  `Machine: ${machine}; load average before the runs: ${load}`,
  "Settings: Lighthouse defaults (mobile, simulated throttling); gunicorn (2 workers, DEBUG off), SQLite.",
  runs > 1 ? `Runs per page: ${runs}; each row is the run with the median performance score (all runs in runs/).`
           : "Runs per page: 1.",
  "",
  "| page | path | performance | accessibility | best-practices | seo |",
  "|---|---|---:|---:|---:|---:|",
  ...rows,
  "",
  `Targets: performance >= ${minPerf}; accessibility, best-practices and seo = ${minOther}.`,
  "",
  "## Audits below full score",
  "",
  ...(details.length ? details : ["None."]),
  "",
  "## Result",
  "",
  ...(failures.length ? failures.map((f) => `- BELOW TARGET: ${f}`) : ["All pages meet the targets."]),
  "",
];
fs.writeFileSync(`${out}/report.md`, md.join("\n"));
process.stdout.write(md.join("\n"));
process.exit(failures.length ? 1 : 0);
NODE
status=$?
set -e
echo "report: ${OUT#"$ROOT"/}/report.md (JSON per page alongside)"
# 6. gunicorn stops in the EXIT trap.
exit "$status"
