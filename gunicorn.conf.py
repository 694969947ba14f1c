"""gunicorn's settings for `make demo` and `make serve`, from environment variables
(docs/configuration.md). The local `.env` is read first, as the Django settings do."""

from pathlib import Path

from territoires.core import dotenv
from territoires.core.env import env_int, env_str

dotenv.load(Path(__file__).resolve().parent / ".env")


wsgi_app = "territoires.wsgi:application"
bind = env_str("GUNICORN_BIND") or f"127.0.0.1:{env_int('PORT', 8000, minimum=1)}"
workers = env_int("GUNICORN_WORKERS", 2, minimum=1)
threads = env_int("GUNICORN_THREADS", 4, minimum=1)
timeout = env_int("GUNICORN_TIMEOUT", 30, minimum=0)
graceful_timeout = env_int("GUNICORN_GRACEFUL_TIMEOUT", 30, minimum=0)
keepalive = env_int("GUNICORN_KEEPALIVE", 5, minimum=0)
# Recycle a worker after this many requests (0: never), jittered so they do not all restart.
max_requests = env_int("GUNICORN_MAX_REQUESTS", 1000, minimum=0)
max_requests_jitter = max_requests // 10
# "-": standard output; a file; "none": no access log.
access_log = env_str("GUNICORN_ACCESS_LOG", "-")
accesslog = None if access_log.lower() == "none" else access_log
loglevel = env_str("GUNICORN_LOG_LEVEL", "info")
# gunicorn's control socket (gunicornc) sits at one path per user by default, which two
# servers on a machine (tests, several checkouts) would share: off unless a path is given.
control_socket = env_str("GUNICORN_CONTROL_SOCKET") or None
control_socket_disable = not control_socket
