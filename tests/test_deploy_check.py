"""Production settings pass Django's deployment checklist, with nothing silenced."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def check_deploy(**environment):
    """Run `check --deploy` in a fresh process with DJANGO_* taken from `environment`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**env, **environment},
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_reports_no_issues_with_production_settings():
    result = check_deploy(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="certportal.example.org",
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_the_development_key_is_flagged_by_check_deploy():
    result = check_deploy(DJANGO_DEBUG="0")

    assert result.returncode != 0
    assert "security.W009" in result.stderr + result.stdout
