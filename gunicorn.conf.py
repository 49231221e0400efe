"""gunicorn settings for certportal: `gunicorn -c gunicorn.conf.py`.

Every value can be overridden from the environment (GUNICORN_* below) or on the
command line. Workers and threads were chosen by measurement on a 2-core machine
with wrk at 16 connections: see docs/benchmarks.md ("gunicorn workers and threads").
"""

import os


def _int(name, default):
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


wsgi_app = "certportal.wsgi:application"

# Loopback by default: a reverse proxy (TLS, X-Forwarded-Proto) sits in front.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Measured on 2 cores (docs/benchmarks.md): WORKERS processes of THREADS threads each.
workers = _int("GUNICORN_WORKERS", 2)
threads = _int("GUNICORN_THREADS", 4)
worker_class = "gthread" if threads > 1 else "sync"

# Recycle workers now and then (bounded memory), staggered so they don't restart at once.
max_requests = _int("GUNICORN_MAX_REQUESTS", 5000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 500)

timeout = _int("GUNICORN_TIMEOUT", 30)
# On SIGTERM, requests in flight get this long to finish (deploys lose no POST).
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 20)
keepalive = _int("GUNICORN_KEEPALIVE", 5)

# gunicorn 27 opens a control socket at ~/.gunicorn/gunicorn.ctl by default; a second
# instance silently takes it over. Off, like `--no-control-socket`.
control_socket_disable = True

# Access log off by default (the proxy logs requests); errors to stderr.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# The application module is imported in each worker, after the fork, so no database
# connection is shared between processes.
preload_app = False
