"""Run the real django-tasks database worker once, as `manage.py db_worker --batch`."""

import signal

from django.core.management import call_command

_SIGNALS = [signal.SIGINT, signal.SIGTERM] + (
    [signal.SIGQUIT] if hasattr(signal, "SIGQUIT") else []
)


def run_worker_once():
    """Process every queued task then return; the worker's signal handlers are undone."""
    saved = {sig: signal.getsignal(sig) for sig in _SIGNALS}
    try:
        call_command(
            "db_worker", batch=True, reload=False, startup_delay=False, interval=0, verbosity=0
        )
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)
