"""Write this checkout's local `.env` once (make install): a generated secret key and the
values a local demo needs. An existing `.env` is left as it is.

    python scripts/write_env.py [PATH]
"""

import secrets
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Where `make demo` kept its generated key before `.env` existed: reused, sessions survive.
OLD_SECRET = ROOT / "var" / "secret_key"

TEMPLATE = """\
# Local settings of this checkout, written once by `make install` (scripts/write_env.py),
# read by the settings (territoires/core/dotenv.py); a real environment variable wins.
# Not for production: `make serve` does not read this file (docs/configuration.md).
DJANGO_SECRET_KEY={secret_key}
# Served over plain HTTP on 127.0.0.1: cookies are not restricted to HTTPS.
DJANGO_SECURE_COOKIES=0
# Emails are written as files into var/mail/ instead of being sent.
EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend
"""


def write_env(path):
    if path.exists():
        return False
    secret_key = OLD_SECRET.read_text().strip() if OLD_SECRET.is_file() else ""
    path.write_text(TEMPLATE.format(secret_key=secret_key or secrets.token_urlsafe(50)))
    path.chmod(0o600)
    return True


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / ".env"
    if write_env(target):
        print(f"{target.name} écrit (clé secrète générée, valeurs locales de démonstration).")
