"""`make chaos`: no questionnaire answer is lost when the database restarts (issue 5).

scripts/chaos.sh runs the two halves:

    chaos.py drive --base URL --duration S --clients N --log FILE
        The load, standard library only. N people at once, each with cookies of
        its own: the home page, the catalog list, a certification, then the
        questionnaire from "Start now" through every step and "Check your
        answers" to the results; then a new person. A request that fails is
        retried (a step with a new value) for up to --patience seconds. Every
        request is one JSON line in FILE: times, method, path, status or error,
        and for a POST what was sent and whether its redirect came back.

    chaos.py verify --log FILE --window FILE --report FILE ...
        The proofs, from the log and the database (Django ORM), written to the
        report; exits 1 if one fails.

See docs/chaos.md.
"""

import argparse
import http.client
import json
import random
import re
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent

RESPONSE_URL = re.compile(r"^/eligibility/(?P<id>[0-9a-f-]{36})/(?P<rest>[a-z-]*)/?$")
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
START_TOKEN = re.compile(r'name="start_token" value="([^"]+)"')
INPUT = re.compile(r"<input\b[^>]*>")
ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')
DETAIL_LINK = re.compile(r'href="(/certifications/[a-z0-9-]+/)"')
NUMBER_STEPS = {"training", "experience"}  # text boxes; the others are choices


# --- The load (standard library only) -------------------------------------------------


@dataclass
class Reply:
    status: int | None  # None: no HTTP answer (refused, reset, timed out)
    location: str = ""
    body: str = ""
    error: str = ""

    @property
    def ok(self):
        return self.status is not None and self.status < 500


@dataclass
class Person:
    """One visitor: their own cookies, start to finish, retrying what fails."""

    name: str
    host: str
    port: int
    log: list
    lock: threading.Lock
    rng: random.Random
    patience: float
    timeout: float
    double_rate: float
    cookies: dict = field(default_factory=dict)
    token: str = ""

    def send(self, method, path, data=None, **note):
        """One request, recorded; cookies kept from Set-Cookie (they are Secure, so
        a cookie jar would drop them on plain http)."""
        headers = {"Connection": "close"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.time()
        try:
            conn = http.client.HTTPConnection(
                self.host, self.port, timeout=self.timeout
            )
            try:
                conn.request(method, path, body=body, headers=headers)
                answer = conn.getresponse()
                text = answer.read().decode("utf-8", "replace")
                reply = Reply(answer.status, answer.getheader("Location", ""), text)
                self.keep_cookies(answer.headers.get_all("Set-Cookie") or [])
            finally:
                conn.close()
        except (OSError, http.client.HTTPException) as error:
            reply = Reply(None, error=f"{type(error).__name__}: {error}")
        record = {
            "t0": started,
            "t1": time.time(),
            "person": self.name,
            "method": method,
            "path": path,
            "status": reply.status,
            "error": reply.error,
            "location": reply.location,
            **note,
        }
        if data is not None:
            record["data"] = {
                k: v for k, v in data.items() if k != "csrfmiddlewaretoken"
            }
        with self.lock:
            self.log.append(record)
        if reply.status == 200:
            found = TOKEN.search(reply.body)
            if found:
                self.token = found.group(1)
        return reply

    def keep_cookies(self, headers):
        with self.lock:
            for header in headers:
                name, _, rest = header.partition("=")
                value, _, attributes = rest.partition(";")
                if "max-age=0" in attributes.lower().replace(" ", ""):
                    self.cookies.pop(name.strip(), None)
                else:
                    self.cookies[name.strip()] = value.strip()

    def pause(self):
        time.sleep(0.2 + self.rng.random() * 0.2)

    def think(self):
        """Between reading a page and sending it: POSTs meet the outage too."""
        time.sleep(self.rng.random() * 0.3)

    def get(self, path, kind):
        """GET until it answers below 500 (or patience runs out: None)."""
        give_up = time.time() + self.patience
        while True:
            reply = self.send("GET", path, kind=kind)
            if reply.ok or time.time() > give_up:
                return reply if reply.ok else None
            self.pause()

    def post(self, path, make_data, kind, **note):
        """POST until a 302 comes back; each attempt with fresh data from
        `make_data()`, some sent twice at once (a double click). Returns the
        Location, or None (an unexpected answer, or patience ran out)."""
        give_up = time.time() + self.patience
        attempt = 0
        while True:
            attempt += 1
            data = {"csrfmiddlewaretoken": self.token, **make_data()}
            note = {**note, "kind": kind, "attempt": attempt}
            if self.rng.random() < self.double_rate:
                replies = self.send_twice(path, data, note)
            else:
                replies = [self.send("POST", path, data, **note)]
            for reply in replies:
                if reply.status == 302:
                    return reply.location
            if any(reply.ok for reply in replies) or time.time() > give_up:
                return None  # a 4xx or a form error: the flow is broken; stop
            self.pause()

    def send_twice(self, path, data, note):
        double = f"{self.name}:{time.time():.6f}"
        replies = [None, None]

        def second():
            replies[1] = self.send("POST", path, data, **note, double=double)

        thread = threading.Thread(target=second)
        thread.start()
        replies[0] = self.send("POST", path, data, **note, double=double)
        thread.join()
        return replies

    def visit(self):
        """Browse the catalog, then answer the questionnaire to the results."""
        self.get("/", "page")
        listing = self.get("/certifications/", "page")
        links = DETAIL_LINK.findall(listing.body) if listing else []
        self.get(self.rng.choice(links) if links else "/certifications/CPC/", "page")
        start_page = self.get("/eligibility/", "page")
        if not start_page:
            return
        self.think()
        # The page's one-time token: a double click (or a retry) gets one response.
        token = START_TOKEN.search(start_page.body)
        start_data = {"start_token": token.group(1)} if token else {}
        location = self.post("/eligibility/", lambda: dict(start_data), "start")
        for _ in range(20):  # more pages than the longest questionnaire
            match = RESPONSE_URL.match(urlsplit(location or "").path)
            if not match:
                return
            path, rest, response_id = (
                match.group(0),
                match.group("rest"),
                match.group("id"),
            )
            page = self.get(
                path,
                {"check": "check page", "results": "results"}.get(rest, "step page"),
            )
            if page is None:
                return
            if page.status == 302:  # not (or no longer) the page to be on
                location = page.location
                continue
            if rest == "results":
                return
            self.think()
            if rest == "check":
                location = self.post(path, dict, "check", response_id=response_id)
                continue
            choices = step_choices(page.body)
            location = self.post(
                path,
                lambda rest=rest, choices=choices: self.answer(rest, choices),
                "step",
                response_id=response_id,
                step=rest,
            )

    def answer(self, step, choices):
        """A value for the step; numbers random, so an acknowledged one is recognisable."""
        if step in NUMBER_STEPS:
            return {choices["name"]: str(self.rng.randint(0, 600))}
        values = choices["values"]
        if choices["type"] == "checkbox":
            picked = ["none"] if "none" in values and self.rng.random() < 0.4 else []
            codes = [value for value in values if value != "none"]
            if not picked:
                picked = self.rng.sample(
                    codes, k=min(len(codes), self.rng.randint(1, 2))
                )
            return {choices["name"]: picked}
        return {choices["name"]: self.rng.choice(values)}


def step_choices(html):
    """The step's field name and, for radios and checkboxes, its values."""
    name, kind, values = "", "text", []
    for tag in INPUT.findall(html):
        attributes = dict(ATTRIBUTE.findall(tag))
        if attributes.get("name") in {None, "csrfmiddlewaretoken"}:
            continue
        name = attributes["name"]
        kind = attributes.get("type", "text")
        if kind in {"radio", "checkbox"}:
            values.append(attributes.get("value", ""))
    return {"name": name, "type": kind, "values": values}


def drive(args):
    base = urlsplit(args.base)
    log, lock = [], threading.Lock()
    deadline = time.time() + args.duration
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)

    def client(number):
        rng = random.Random(seed * 1000 + number)
        visits = 0
        while time.time() < deadline:
            visits += 1
            Person(
                name=f"{number}.{visits}",
                host=base.hostname,
                port=base.port,
                log=log,
                lock=lock,
                rng=rng,
                patience=args.patience,
                timeout=args.timeout,
                double_rate=args.double_rate,
            ).visit()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    log.sort(key=lambda record: record["t0"])
    with open(args.log, "w") as out:
        out.write(json.dumps({"seed": seed, "clients": args.clients}) + "\n")
        for record in log:
            out.write(json.dumps(record) + "\n")
    print(f"{len(log)} requests by {args.clients} clients (seed {seed})")


# --- The proofs (Django ORM) -----------------------------------------------------------

MISSING = object()


def expected_answer(step_slug, data):
    """What the app stores for this POST: the step's own form cleans it."""
    from django.http import QueryDict

    from applicants.forms import FORMS

    query = QueryDict(mutable=True)
    for key, value in data.items():
        query.setlist(key, value if isinstance(value, list) else [value])
    form = FORMS[step_slug](query)
    if not form.is_valid():
        return MISSING
    return next(iter(form.answer().values()))


def form_data(step, value):
    """An answer as its form would post it (to check stored answers are valid)."""
    if isinstance(value, bool):
        return {step.key: "yes" if value else "no"}
    if isinstance(value, list):
        return {step.key: value or ["none"]}
    return {step.key: str(value)}


def row_problems(answers, completed_at):
    """Why a stored response is not a state the questionnaire can be in."""
    from applicants import questionnaire

    problems = []
    if not isinstance(answers, dict):
        return [f"answers is a {type(answers).__name__}"]
    known = {step.key: step for step in questionnaire.STEPS}
    unknown = sorted(set(answers) - set(known))
    if unknown:
        problems.append(f"unknown keys {unknown}")
    if questionnaire.without_inapplicable(answers) != answers:
        problems.append("answers for steps that don't apply")
    for key, value in answers.items():
        if (
            key in known
            and expected_answer(known[key].slug, form_data(known[key], value)) != value
        ):
            problems.append(f"{key}={value!r} is not a valid answer")
    if completed_at and questionnaire.first_unanswered_step(answers):
        problems.append("completed with a step unanswered")
    return problems


def overlaps(record, start, end):
    return record["t0"] <= end and record["t1"] >= start


def is_error(record):
    """5xx, no answer at all, or an answer the flow never expects (4xx, a POST
    that shows a form error instead of redirecting)."""
    status = record["status"]
    if status is None or status >= 400:
        return True
    return record["method"] == "POST" and status != 302


@dataclass
class Run:
    """What the proofs look at: the request log, the outage and the rows."""

    records: list
    meta: dict
    window: dict
    grace: float
    rows: dict  # response id -> (answers, completed_at)

    @property
    def down_from(self):
        return self.window["stop_begun"]

    @property
    def accepting(self):
        return self.window["accepting"]

    @property
    def grace_until(self):
        return self.accepting + self.grace

    def rel(self, moment):
        """A moment as seconds since the first request."""
        return f"{moment - self.records[0]['t0']:.2f} s"

    def of_kind(self, kind):
        return [record for record in self.records if record.get("kind") == kind]


def prove_saved(run, figures):
    """(a) Every POST that got its redirect is in the database."""
    from applicants.questionnaire import STEPS_BY_SLUG

    failures = []
    started = set()
    for record in run.of_kind("start"):
        if record["status"] == 302:
            match = RESPONSE_URL.match(urlsplit(record["location"]).path)
            started.add(match.group("id") if match else record["location"])
    for response_id in sorted(started - set(run.rows)):
        failures.append(f"Start now acknowledged with {response_id}: no such row")
    checks = [r for r in run.of_kind("check") if r["status"] == 302]
    for record in checks:
        rid = record["response_id"]
        if not record["location"].endswith("/results/"):
            failures.append(f"check {rid} redirected to {record['location']}")
        elif run.rows.get(rid, (None, None))[1] is None:
            failures.append(f"check {rid} acknowledged, completed_at not set")
    # A client owns its response and sends one step at a time: the stored value is
    # the last acknowledged one, or one sent after it whose answer was lost.
    attempts = {}
    for record in run.of_kind("step"):
        attempts.setdefault((record["response_id"], record["step"]), []).append(record)
    verified = 0
    for (rid, slug), tries in attempts.items():
        key = STEPS_BY_SLUG[slug].key
        stored = run.rows.get(rid, ({}, None))[0].get(key, MISSING)
        sent = [expected_answer(slug, r["data"]) for r in tries]
        acked = [i for i, r in enumerate(tries) if r["status"] == 302]
        allowed = sent[acked[-1] :] if acked else [MISSING, *sent]
        if stored not in allowed:
            shown = "nothing" if stored is MISSING else repr(stored)
            failures.append(
                f"{rid} {key}: stored {shown}, acknowledged "
                f"{[sent[i] for i in acked]}, sent {sent}"
            )
        else:
            verified += len(acked)
    steps = run.of_kind("step")
    figures += [
        f"Start now acknowledged: {len(started)}; rows found: "
        f"{len(started & set(run.rows))}",
        f"Step answers acknowledged: {sum(r['status'] == 302 for r in steps)}; "
        f"found in the database: {verified}",
        f"Check your answers acknowledged: {len(checks)}; completed responses in "
        f"the database: {sum(done is not None for _, done in run.rows.values())} of "
        f"{len(run.rows)}",
    ]
    return failures


def prove_rows_whole(run, figures):
    """(b) No partial rows: every response is a state the questionnaire allows."""
    return [
        f"{rid}: {problem}"
        for rid, (answers, done) in run.rows.items()
        for problem in row_problems(answers, done)
    ]


def prove_errors_in_window(run, figures):
    """(c) Errors only from the stop to `grace` seconds after PostgreSQL is back."""
    errors = [r for r in run.records if is_error(r)]
    inside = [r for r in errors if overlaps(r, run.down_from, run.grace_until)]
    outside = [r for r in errors if not overlaps(r, run.down_from, run.grace_until)]
    posts = [r for r in run.records if r["method"] == "POST"]
    met = [r for r in posts if overlaps(r, run.down_from, run.accepting)]
    figures += [
        f"POSTs sent: {len(posts)}; acknowledged (302): "
        f"{sum(r['status'] == 302 for r in posts)}",
        f"POSTs that met the outage (in flight between the stop and accepting "
        f"again): {len(met)}; acknowledged: {sum(r['status'] == 302 for r in met)}",
        f"Window: {run.rel(run.down_from)} to {run.rel(run.grace_until)} (stop begun "
        f"to accepting again + {run.grace:g} s)",
        f"Errors: {len(errors)}; inside the window: {len(inside)}; outside: "
        f"{len(outside)}",
    ]
    if errors:
        first = min(r["t0"] for r in errors) - run.down_from
        last = max(r["t1"] for r in errors) - run.accepting
        figures.append(
            f"The first failed request began {abs(first):.2f} s "
            f"{'after' if first >= 0 else 'before'} the stop began; the last ended "
            f"{abs(last):.2f} s {'after' if last > 0 else 'before'} PostgreSQL "
            "accepted connections again"
        )
    return [
        f"{r['method']} {r['path']} at {run.rel(r['t0'])} to {run.rel(r['t1'])}: "
        f"{r['status'] or r['error']}"
        for r in outside
    ]


def prove_recovered(run, figures, args):
    """(d) The same gunicorn serves again after the window; /readyz is 200."""
    failures = []
    after = [r for r in run.records if r["t0"] > run.grace_until]
    after_ok = [r for r in after if not is_error(r)]
    back = [r for r in run.records if r["t0"] >= run.accepting and not is_error(r)]
    if not after_ok:
        failures.append("no request succeeded after the window")
    if not args.master_after or args.master_after != args.master_before:
        failures.append(
            f"gunicorn master {args.master_before} is gone ({args.master_after!r})"
        )
    readyz = readyz_status(args.base)
    if readyz != 200:
        failures.append(f"/readyz answered {readyz} at the end")
    figures += [
        "Recovery: the first request begun after PostgreSQL accepted connections "
        + (
            f"succeeded {min(r['t1'] for r in back) - run.accepting:.2f} s after"
            if back
            else "never succeeded"
        ),
        f"Requests begun after the window: {len(after)}; succeeded: {len(after_ok)}; "
        f"/readyz at the end: {readyz}",
        f"gunicorn master {args.master_before}, not restarted; workers before "
        f"{args.workers_before or '-'}, after {args.workers_after or '-'}",
    ]
    return failures


def prove_doubles_save_once(run, figures, findings):
    """(e) A "Start now", a step or "See my results" sent twice at once ends where
    one would: one response, one answer, one redirect."""
    pairs = {}
    for record in run.records:
        if record.get("double"):
            pairs.setdefault(record["double"], []).append(record)
    failures, starts = [], 0
    for pair in pairs.values():
        kind = pair[0]["kind"]
        starts += kind == "start"
        locations = sorted({r["location"] for r in pair if r["status"] == 302})
        if len(locations) > 1:
            failures.append(
                f"{kind} sent twice at {run.rel(pair[0]['t0'])}: {locations}"
            )
    figures.append(
        f"Sent twice at once: {len(pairs)} POSTs ({starts} Start now, "
        f"{len(pairs) - starts} steps or checks), {len(failures)} of them with "
        "two outcomes"
    )
    return failures


def outcome_table(run):
    """Requests by kind and outcome (status, or `error` for no HTTP answer)."""
    counts = {}
    for record in run.records:
        outcome = str(record["status"]) if record["status"] else "error"
        kind = counts.setdefault(record.get("kind", "page"), {})
        kind[outcome] = kind.get(outcome, 0) + 1
    order = ["page", "start", "step page", "step", "check page", "check", "results"]
    kinds = [k for k in order if k in counts] + sorted(set(counts) - set(order))
    outcomes = sorted({o for kind in counts.values() for o in kind})
    lines = [
        "| kind | " + " | ".join(outcomes) + " | total |",
        "|---|" + "---:|" * (len(outcomes) + 1),
    ]
    for kind in kinds:
        cells = [str(counts[kind].get(o, 0)) for o in outcomes]
        lines.append(f"| {kind} | {' | '.join(cells)} | {sum(counts[kind].values())} |")
    totals = [str(sum(c.get(o, 0) for c in counts.values())) for o in outcomes]
    lines.append(f"| **all** | {' | '.join(totals)} | {len(run.records)} |")
    exceptions = {}
    for record in run.records:
        if record["status"] is None:
            name = record["error"].split(":")[0]
            exceptions[name] = exceptions.get(name, 0) + 1
    shown = ", ".join(f"{k} {v}" for k, v in sorted(exceptions.items())) or "none"
    return [*lines, "", f"`error`: no HTTP answer ({shown})."]


def verify(args):
    import os

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "certportal.settings")
    import django

    django.setup()
    from applicants.models import Response

    meta, *records = map(json.loads, Path(args.log).read_text().splitlines())
    run = Run(
        records=records,
        meta=meta,
        window=json.loads(Path(args.window).read_text()),
        grace=args.grace,
        rows={
            str(pk): (answers, done)
            for pk, answers, done in Response.objects.values_list(
                "pk", "answers", "completed_at"
            )
        },
    )
    figures, findings = [], []
    proofs = {
        "(a) every acknowledged POST is in the database": prove_saved(run, figures),
        "(b) no partial or invalid rows": prove_rows_whole(run, figures),
        f"(c) errors only from the stop to {args.grace:g} s after PostgreSQL "
        "accepted connections again": prove_errors_in_window(run, figures),
        "(d) the app recovered by itself": prove_recovered(run, figures, args),
        "(e) a double-submitted step saves once": prove_doubles_save_once(
            run, figures, findings
        ),
    }
    window = run.window
    lines = [
        "# Chaos run: PostgreSQL restarted under load (`make chaos`)",
        "",
        f"Command: `{args.shown_command}` · {meta['clients']} clients · seed "
        f"{meta['seed']} · load average before: {args.load_before or '-'}",
        f"{run.rel(max(r['t1'] for r in records))} of requests. PostgreSQL: "
        f"`pg_ctl stop -m fast` begun at {run.rel(window['stop_begun'])}, stopped at "
        f"{run.rel(window['stopped'])}, `pg_ctl start` begun at "
        f"{run.rel(window['start_begun'])}, accepting connections at "
        f"{run.rel(window['accepting'])} "
        f"({window['accepting'] - window['stop_begun']:.2f} s without a database).",
        "",
        "## Requests by kind and outcome",
        "",
        *outcome_table(run),
        "",
        "## Figures",
        "",
        *(f"- {figure}" for figure in figures),
        "",
        "## Proofs",
        "",
    ]
    for name, failures in proofs.items():
        lines.append(f"- {'FAIL' if failures else 'PASS'} {name}")
        lines += [f"  - {failure}" for failure in failures[:20]]
        if len(failures) > 20:
            lines.append(f"  - … and {len(failures) - 20} more")
    failed = sum(map(len, proofs.values()))
    lines += ["", f"{failed} failures." if failed else "All proofs hold.", ""]
    if findings:
        lines += ["## Findings", "", *(f"- {finding}" for finding in findings), ""]
    text = "\n".join(lines)
    Path(args.report).write_text(text)
    print(text)
    return 1 if failed else 0


def readyz_status(base):
    url = urlsplit(base)
    try:
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
        conn.request("GET", "/readyz")
        status = conn.getresponse().status
        conn.close()
        return status
    except (OSError, http.client.HTTPException) as error:
        return f"no answer ({type(error).__name__})"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    load = commands.add_parser("drive", help="run the load, log every request")
    load.add_argument("--base", required=True)
    load.add_argument("--duration", type=float, default=30)
    load.add_argument("--clients", type=int, default=8)
    load.add_argument("--log", required=True)
    load.add_argument("--patience", type=float, default=15, help="seconds of retries")
    load.add_argument("--timeout", type=float, default=30, help="per request, seconds")
    load.add_argument("--double-rate", type=float, default=0.1)
    load.add_argument("--seed", type=int)
    check = commands.add_parser("verify", help="the proofs, from the log and database")
    check.add_argument("--base", required=True)
    check.add_argument("--log", required=True)
    check.add_argument("--window", required=True)
    check.add_argument("--report", required=True)
    check.add_argument("--grace", type=float, default=2)
    check.add_argument("--master-before", default="")
    check.add_argument("--master-after", default="")
    check.add_argument("--workers-before", default="")
    check.add_argument("--workers-after", default="")
    check.add_argument("--load-before", default="")
    check.add_argument("--shown-command", default="make chaos")
    args = parser.parse_args()
    if args.command == "drive":
        drive(args)
        return 0
    return verify(args)


if __name__ == "__main__":
    sys.exit(main())
