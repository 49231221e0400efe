"""Real-browser tests: Debian's Chromium driven by Playwright against a live server.

Skipped, with the reason, where /usr/bin/chromium is missing (a fresh machine);
`.ci/run` installs it so CI always runs them. Screenshots go to
`artifacts/screenshots/`, the HTML of every page checked to `artifacts/html/`.
"""

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from pytest_django import live_server_helper

from catalog.seed import load_catalog

# Playwright's sync API runs an event loop in the test thread; the ORM calls of the
# fixtures (seeding the catalog) are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CERTPORTAL_CHROMIUM", "/usr/bin/chromium")
VNU_JAR = ROOT / "tools/node/node_modules/vnu-jar/build/dist/vnu.jar"
ARTIFACTS = ROOT / "artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
VIEWPORTS = {
    "phone": {"width": 360, "height": 740},
    "desktop": {"width": 1280, "height": 800},
}


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.e2e)
            if not Path(CHROMIUM).exists():
                item.add_marker(
                    pytest.mark.skip(
                        reason=f"no Chromium at {CHROMIUM}: browser tests need "
                        "`apt-get install chromium` (CI installs it; see make e2e)"
                    )
                )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [*browser_type_launch_args.get("args", []), *CHROMIUM_ARGS],
    }


@pytest.fixture(scope="session")
def live_server(django_db_setup):
    """pytest-django's live server, serving plain HTTP.

    It depends on the test database so it stops (closing its connection) before
    the database is dropped.

    The middleware is built once, when the server starts, so the HTTPS-only
    production settings are turned off before that (the cookie flags, read per
    request, are turned off per test by `plain_http`).
    """
    from django.conf import settings
    from django.db import connections

    # Its request threads close their connection after each request, so none is
    # left open when the test database is dropped.
    connections.settings["default"]["CONN_MAX_AGE"] = 0
    settings.SECURE_SSL_REDIRECT = False
    settings.SECURE_HSTS_SECONDS = 0
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    server = live_server_helper.LiveServer("localhost")
    yield server
    server.stop()


@pytest.fixture
def site(live_server, transactional_db, settings):
    """The live server's URL, with the real catalog loaded."""
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    load_catalog()
    return live_server.url


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request):
    return request.param


@pytest.fixture
def browse(browser, viewport, request):
    """A page factory: `browse(javascript=True)` gives a fresh page at the viewport.

    Every console message is kept; the test fails if the browser reports a
    Content Security Policy violation.
    """
    contexts = []
    console = []

    def new_page(*, javascript=True):
        context = browser.new_context(
            viewport=VIEWPORTS[viewport], java_script_enabled=javascript
        )
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda message: console.append(message.text))
        return page

    yield new_page
    for context in contexts:
        context.close()
    violations = [text for text in console if "Content Security Policy" in text]
    assert violations == [], violations


@pytest.fixture(scope="session")
def nu_checker():
    """The Nu HTML checker's own web service, one JVM for the whole session."""
    if not VNU_JAR.exists() or shutil.which("java") is None:
        pytest.skip(
            "the Nu HTML checker needs Java and `npm ci --prefix tools/node` "
            "(make test and make e2e run it when npm is there)"
        )
    checker = NuChecker()
    yield checker
    checker.stop()


@pytest.fixture
def checks(request, viewport, nu_checker):
    """Records each page state: screenshot, axe run, HTML kept for the Nu checker."""
    recorder = PageChecks(f"{request.node.originalname}-{viewport}", nu_checker)
    yield recorder
    recorder.validate_html()


class NuChecker:
    """vnu.jar's web service (`nu.validator.servlet.Main`) on a free loopback port.

    Started once, in the background while the first test runs: a JVM per test cost
    seconds each. It checks a document as the command line does.
    """

    def __init__(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}/"
        self.process = subprocess.Popen(
            ["java", "-XX:-UsePerfData",
             "-Dnu.validator.servlet.bind-address=127.0.0.1",
             "-cp", str(VNU_JAR), "nu.validator.servlet.Main", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        # Straight to the loopback address, whatever proxy the environment names.
        self.opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        self.ready = False

    def errors(self, html_file):
        """The checker's errors in one HTML file, as `file:line.column: message`."""
        self.wait_until_ready()
        request = urllib.request.Request(
            self.url + "?out=json",
            data=html_file.read_bytes(),
            headers={"Content-Type": "text/html; charset=utf-8"},
        )
        with self.opener.open(request, timeout=120) as response:
            messages = json.load(response)["messages"]
        return [
            f"{html_file}:{m.get('lastLine')}.{m.get('firstColumn')}: "
            f"{m['type']}: {m['message']}"
            for m in messages
            if m["type"] in {"error", "non-document-error"}
        ]

    def wait_until_ready(self, timeout=180):
        deadline = time.monotonic() + timeout
        while not self.ready:
            try:
                self.opener.open(self.url, timeout=5).close()
                self.ready = True
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"the Nu HTML checker did not start at {self.url}"
                    ) from None
                time.sleep(0.2)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


class PageChecks:
    def __init__(self, name, nu_checker):
        self.name = name
        self.html_files = []
        self.count = 0
        self.axe = Axe()
        self.nu_checker = nu_checker

    def __call__(self, page, state, *, axe=True, validate_html=True):
        """Screenshot, keep the HTML and (with JavaScript on) run axe on this state.

        `validate_html=False` keeps the HTML without sending it to the Nu checker:
        for the admin's edit forms, whose markup is Django's and Select2's, not
        ours (tests/e2e/test_admin_pages.py says what the checker finds there).
        """
        # Every check reads the whole page, never one still being parsed.
        page.wait_for_load_state()
        self.count += 1
        stem = f"{self.name}-{self.count:02d}-{state}"
        shots = ARTIFACTS / "screenshots"
        shots.mkdir(parents=True, exist_ok=True)
        # JPEG: half the time of a full-page PNG, and plenty to look at.
        page.screenshot(
            path=shots / f"{stem}.jpg", full_page=True, type="jpeg", quality=85
        )
        html = ARTIFACTS / "html" / f"{stem}.html"
        html.parent.mkdir(parents=True, exist_ok=True)
        html.write_text(page.content(), encoding="utf-8")
        if validate_html:
            self.html_files.append(html)
        assert page.locator("h1").count() == 1, f"{state}: one <h1> per page"
        width = page.viewport_size["width"]
        scroll_width = (
            page.evaluate("document.documentElement.scrollWidth") if axe else width
        )
        assert scroll_width <= width, f"{state}: scrolls sideways at {width} px"
        if axe:
            # Violations only (axe-core's resultTypes): the passes, which nothing
            # reads, are not written out node by node.
            result = self.axe.run(
                page,
                options={
                    "runOnly": {"type": "tag", "values": WCAG_TAGS},
                    "resultTypes": ["violations"],
                },
            )
            assert result.violations_count == 0, result.generate_snapshot()

    def validate_html(self):
        """Every kept page through the Nu HTML checker: 0 errors."""
        errors = [e for html in self.html_files for e in self.nu_checker.errors(html)]
        assert errors == [], "\n".join(errors)
