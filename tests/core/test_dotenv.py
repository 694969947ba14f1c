"""The local `.env` (territoires/core/dotenv.py) and the settings that read it: real
environment variables win, production without a secret key refuses to start."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from territoires.core import dotenv

ROOT = Path(__file__).resolve().parents[2]


def test_file_fills_only_the_variables_not_set(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text(
        "# comment\n\nDJANGO_SECRET_KEY=from-file\nexport EMAIL_BACKEND='file.Backend'\n"
        'PLATFORM_NAME="Nom = avec égal"\n'
    )
    environ = {"EMAIL_BACKEND": "real.Backend"}

    dotenv.load(env_file, environ)

    assert environ == {
        "DJANGO_SECRET_KEY": "from-file",
        "EMAIL_BACKEND": "real.Backend",
        "PLATFORM_NAME": "Nom = avec égal",
    }


def test_django_env_file_names_another_file_or_none(tmp_path):
    default, other = tmp_path / "default.env", tmp_path / "other.env"
    default.write_text("A=default\n")
    other.write_text("A=other\n")

    named = {"DJANGO_ENV_FILE": str(other)}
    dotenv.load(default, named)
    disabled = {"DJANGO_ENV_FILE": ""}
    dotenv.load(default, disabled)

    assert named["A"] == "other"
    assert "A" not in disabled


def test_missing_file_is_no_error(tmp_path):
    environ = {}
    assert dotenv.load(tmp_path / "absent.env", environ) == {}
    assert environ == {}


@pytest.mark.parametrize("line", ["JUSTANAME", "2FAST=1", "A B=1"])
def test_malformed_line_is_refused_with_its_number(tmp_path, line):
    env_file = tmp_path / ".env"
    env_file.write_text(f"OK=1\n{line}\n")

    with pytest.raises(dotenv.EnvFileError, match="ligne 2"):
        dotenv.load(env_file, {})


def _import_settings(env):
    clean = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}
    return subprocess.run(
        [sys.executable, "-c", "import territoires.settings as s; print(s.SECRET_KEY)"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
    )


def test_production_without_secret_key_refuses_to_start():
    result = _import_settings({"DJANGO_ENV_FILE": "", "DJANGO_DEBUG": "0"})

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY doit être défini" in result.stderr


def test_settings_take_the_secret_key_of_the_env_file_and_the_real_one_first(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("DJANGO_SECRET_KEY=key-from-the-file\n")

    from_file = _import_settings({"DJANGO_ENV_FILE": str(env_file)})
    real_first = _import_settings(
        {"DJANGO_ENV_FILE": str(env_file), "DJANGO_SECRET_KEY": "real-key"}
    )

    assert from_file.stdout.strip() == "key-from-the-file", from_file.stderr
    assert real_first.stdout.strip() == "real-key", real_first.stderr


def test_write_env_writes_a_secret_once_and_keeps_an_existing_file(tmp_path):
    script = [sys.executable, str(ROOT / "scripts" / "write_env.py"), str(tmp_path / ".env")]
    subprocess.run(script, check=True, capture_output=True)
    first = (tmp_path / ".env").read_text()
    subprocess.run(script, check=True, capture_output=True)

    values = dotenv.parse(first)
    assert len(values["DJANGO_SECRET_KEY"]) >= 50
    assert values["DJANGO_SECURE_COOKIES"] == "0"
    assert (tmp_path / ".env").read_text() == first
    assert (tmp_path / ".env").stat().st_mode & 0o077 == 0


def test_make_serve_reads_no_local_env_and_refuses_to_start_without_a_secret(tmp_path):
    """The checkout's .env (written by `make install`) holds a demo secret key: production
    (`make serve`) must not take it."""
    clean = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}

    result = subprocess.run(
        ["make", "-o", ".venv/.installed", "-o", ".env", "serve"],
        cwd=ROOT,
        env={**clean, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY doit être défini" in result.stderr
    assert not (tmp_path / "db.sqlite3").exists()
