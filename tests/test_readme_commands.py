"""The README's commands work as written from a fresh clone, with no environment prepared
by hand: `make install` writes the local `.env`, after which `.venv/bin/python manage.py …`
runs, and `make referential` migrates before importing.

The clone is the checkout's files that git tracks or would track, copied to a temporary
folder, with the checkout's virtualenv (`make -o .venv/.installed`: nothing is reinstalled)
and its npm cache (offline when the packages were fetched before). Runs on the SQLite leg only: it
uses the clone's own SQLite file whatever the suite's database.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from .referential.conftest import TERRITORY_ROWS, write_csv

ROOT = Path(__file__).resolve().parents[1]
CLEAN_ENV = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="dossier cloné sur SQLite : branche SQLite seulement"
)


@pytest.fixture
def clone(tmp_path):
    folder = tmp_path / "clone"
    tracked = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, tracked.split("\0")):
        if (ROOT / name).is_file():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, folder / name)
    (folder / ".venv").symlink_to(Path(sys.prefix))
    if (ROOT / "var" / "cache" / "npm").is_dir():
        shutil.copytree(ROOT / "var" / "cache" / "npm", folder / "var" / "cache" / "npm")
    return folder


def run(folder, *command):
    result = subprocess.run(command, cwd=folder, env=CLEAN_ENV, capture_output=True, text=True)
    assert result.returncode == 0, f"{' '.join(command)} :\n{result.stdout}\n{result.stderr}"
    return result.stdout


def manage(folder, *args):
    return run(folder, ".venv/bin/python", "manage.py", *args)


def test_readme_commands_run_from_a_fresh_clone(clone, tmp_path):
    run(clone, "make", "-o", ".venv/.installed", "install")
    assert "DJANGO_SECRET_KEY=" in (clone / ".env").read_text()
    assert (clone / "var/assets/static/vendor/htmx/htmx.min.js").is_file()

    # `make referential` while the database does not exist yet: it migrates first.
    shared = tmp_path / "shared"
    shared.mkdir()
    territories = write_csv(shared / "territoires-industrie-2019-communes.csv", TERRITORY_ROWS)
    output = run(clone, "make", "-o", ".venv/.installed", "referential", f"SHARED_DATA={shared}")
    assert "Communes : " in output and "Territoires : 2 créés" in output

    # The Django commands the README lists, with nothing but the clone's .env.
    assert "0 créées" in manage(clone, "import_cog", "var/assets/referential/cog")
    assert "Territoires : 0 créés" in manage(clone, "import_territories", str(territories))
    assert "Démonstration chargée" in manage(clone, "load_demo")
    run(
        clone,
        "env",
        "DJANGO_SUPERUSER_PASSWORD=Un-mot-de-passe-2026",
        ".venv/bin/python",
        "manage.py",
        "createsuperuser",
        "--noinput",
        "--email",
        "admin@example.fr",
    )
    manage(clone, "db_worker", "--batch", "--no-startup-delay")
