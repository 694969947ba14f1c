"""The static files of the test run, collected like production's (same storage, same
`collectstatic`) into STATIC_ROOT (var/test-static) once for every xdist worker: the first
worker collects under a file lock, the others find it done (the storage skips
post-processing when nothing changed since the last run).

WhiteNoise indexes the collected folder (about 10,000 files with their compressed copies)
when its middleware starts, which every test client does: the index is built once per
process and reused, so that each test does not pay a second of file scanning. What it
serves and how is unchanged."""

import fcntl
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from whitenoise.base import WhiteNoise

_INDEXES = {}
_index_folder = WhiteNoise.update_files_dictionary


def _index_once(self, root, prefix):
    key = (root, prefix)
    if key not in _INDEXES:
        files, self.files = self.files, {}
        try:
            _index_folder(self, root, prefix)
            _INDEXES[key] = self.files
        finally:
            self.files = files
    self.files.update(_INDEXES[key])


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
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(WhiteNoise, "update_files_dictionary", _index_once)
        yield Path(settings.STATIC_ROOT)
