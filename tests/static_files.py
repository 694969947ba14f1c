"""The static files of the test run, collected like production's (same storage, same
`collectstatic`) into STATIC_ROOT (var/test-static) once for every xdist worker: the first
worker collects under a file lock, the others find it done (the storage skips
post-processing when nothing changed since the last run)."""

import fcntl
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command


def collect_static():
    missing = [str(path) for path in settings.STATICFILES_DIRS if not Path(path).is_dir()]
    if missing:
        pytest.exit(
            f"{', '.join(missing)} absent : lancez `make install` (scripts/fetch_assets.py)",
            returncode=1,
        )
    root = Path(settings.STATIC_ROOT)
    root.parent.mkdir(parents=True, exist_ok=True)
    with open(root.parent / f"{root.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        call_command("collectstatic", interactive=False, verbosity=0)


@pytest.fixture(scope="session", autouse=True)
def collected_static():
    collect_static()
    return Path(settings.STATIC_ROOT)
