"""The platform as `make demo` serves it, started in a temporary folder for browser tests.

`DemoServer.start(folder)` writes a local `.env` there (scripts/write_env.py, as `make
install` does), then runs `scripts/serve.sh --demo` (what `make demo` runs) with the
production settings module: DEBUG off, an SQLite file migrated and loaded with the demo,
`collectstatic` with the production storage, gunicorn (gunicorn.conf.py) and the task
worker. Only what must differ is set: the database file, the mail folder and the media
folder sit in the temporary folder, gunicorn binds a free port (port 0, read back from its
log), and STATIC_ROOT is the test run's collected folder (the same storage and command;
collecting is skipped when nothing changed, see territoires/core/staticfiles.py).
"""

import contextlib
import email
import email.policy
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Environment variables a test process may hold that must not reach the server.
KEPT_VARIABLES = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "TZ")
LISTENING = re.compile(r"Listening at: (http://127\.0\.0\.1:\d+)")
START_TIMEOUT = 240  # migrate + load_demo on two busy cores


class DemoServerError(RuntimeError):
    pass


@dataclass
class DemoServer:
    url: str
    folder: Path
    process: subprocess.Popen
    log_path: Path

    @property
    def database_path(self):
        return self.folder / "db.sqlite3"

    @property
    def mail_folder(self):
        return self.folder / "mail"

    @classmethod
    def start(cls, folder, static_root):
        folder = Path(folder)
        subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "write_env.py"), str(folder / ".env")],
            check=True,
            capture_output=True,
        )
        env = {name: os.environ[name] for name in KEPT_VARIABLES if name in os.environ}
        env.update(
            PYTHON=sys.executable,
            DJANGO_SETTINGS_MODULE="territoires.settings",
            DJANGO_ENV_FILE=str(folder / ".env"),
            DJANGO_DEBUG="0",
            DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
            DJANGO_STATIC_ROOT=str(static_root),
            DJANGO_MEDIA_ROOT=str(folder / "media"),
            EMAIL_FILE_PATH=str(folder / "mail"),
            GUNICORN_BIND="127.0.0.1:0",
            PYTHONUNBUFFERED="1",
        )
        log_path = folder / "server.log"
        with open(log_path, "wb") as log:
            process = subprocess.Popen(
                [str(ROOT / "scripts" / "serve.sh"), "--demo"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        server = cls(url="", folder=folder, process=process, log_path=log_path)
        try:
            server.url = server._wait_until_listening()
            server._wait_until_answering()
        except BaseException:
            server.stop()
            raise
        return server

    def log(self):
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def _wait_until_listening(self):
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            match = LISTENING.search(self.log())
            if match:
                return match.group(1)
            if self.process.poll() is not None:
                raise DemoServerError(f"le serveur de démo s'est arrêté :\n{self.log()[-4000:]}")
            time.sleep(0.2)
        raise DemoServerError(f"serveur de démo non démarré :\n{self.log()[-4000:]}")

    def _wait_until_answering(self):
        # Generous: on a loaded machine (CI beside other work) gunicorn's first answer, which
        # imports the whole site, took more than 30 s.
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(self.url + "/", timeout=5) as response:
                    if response.status == 200:
                        return
            except OSError:
                if time.monotonic() > deadline:
                    raise
            time.sleep(0.2)

    def stop(self):
        """SIGTERM to serve.sh (which stops gunicorn and the worker), then SIGKILL to
        whatever of its process group is left."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=30)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    # What the tests read besides the pages.

    def query(self, sql, params=()):
        """Rows of a read-only query on the server's SQLite file."""
        uri = f"file:{self.database_path}?mode=ro"
        with sqlite3.connect(uri, uri=True, timeout=10) as connection:
            return connection.execute(sql, params).fetchall()

    def mails(self):
        """The mails sent so far, oldest first, as EmailMessage (`mail["To"]`,
        `mail.get_content()`). Django's file backend writes one file per connection,
        messages separated by a line of 79 dashes."""
        messages = []
        if not self.mail_folder.is_dir():
            return messages
        for path in sorted(self.mail_folder.iterdir(), key=lambda p: p.stat().st_mtime_ns):
            for chunk in path.read_bytes().split(b"-" * 79 + b"\n"):
                if chunk.strip():
                    messages.append(email.message_from_bytes(chunk, policy=email.policy.default))
        return messages

    def wait_for_mail(self, to, timeout=30) -> EmailMessage:
        """The newest mail to `to`, waiting for the task worker to send it."""
        deadline = time.monotonic() + timeout
        while True:
            found = [m for m in self.mails() if to in (m["To"] or "")]
            if found:
                return found[-1]
            if time.monotonic() > deadline:
                raise AssertionError(f"aucun courriel pour {to} en {timeout} s")
            time.sleep(0.3)
