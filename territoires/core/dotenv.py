"""The local `.env` file: `NAME=value` lines that fill the environment variables not set.

`make install` writes `.env` once for a checkout (scripts/write_env.py: a generated secret
key and demo-friendly local values), so that `.venv/bin/python manage.py …` works as the
README shows. Real environment variables always win over the file. `DJANGO_ENV_FILE`
names another file, or none when empty (`make serve`: production reads only its real
environment). Read by the settings and by gunicorn.conf.py; imports nothing from Django.
"""

import os
from pathlib import Path

ENV_FILE_VARIABLE = "DJANGO_ENV_FILE"


class EnvFileError(ValueError):
    pass


def parse(text, source=".env"):
    """{name: value} of the file's lines: `NAME=value`, optionally quoted with ' or ";
    blank lines and lines starting with # are skipped; `export NAME=value` is accepted."""
    values = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[len("export ") :].lstrip()
        name, sep, value = line.partition("=")
        name, value = name.strip(), value.strip()
        if not sep or not name.isidentifier():
            raise EnvFileError(f"{source}, ligne {number} : « NOM=valeur » attendu")
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[name] = value
    return values


def env_file_path(default, environ=None):
    """The file to read: DJANGO_ENV_FILE when set (empty: none), else `default`."""
    environ = os.environ if environ is None else environ
    named = environ.get(ENV_FILE_VARIABLE)
    if named is None:
        return Path(default)
    return Path(named) if named.strip() else None


def load(default, environ=None):
    """Fill `environ` (os.environ) with the file's values that it does not already hold.
    A missing file is no error: production sets its variables for real."""
    environ = os.environ if environ is None else environ
    path = env_file_path(default, environ)
    if path is None or not path.is_file():
        return {}
    values = parse(path.read_text(encoding="utf-8"), source=str(path))
    for name, value in values.items():
        environ.setdefault(name, value)
    return values
