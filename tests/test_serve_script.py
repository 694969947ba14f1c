"""scripts/serve.sh, what `make demo` runs: the demo's emails link to the port it serves."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _site_url_seen_by_manage_py(tmp_path, **env):
    """Run serve.sh with a `python` that prints the SITE_URL it is given, then fails (so
    nothing is migrated or served)."""
    fake = tmp_path / "python"
    fake.write_text(
        f"#!{sys.executable}\nimport os\nprint(os.environ.get('SITE_URL'))\nraise SystemExit(1)\n"
    )
    fake.chmod(0o755)
    base = {name: os.environ[name] for name in ("PATH", "HOME") if name in os.environ}
    result = subprocess.run(
        [str(ROOT / "scripts" / "serve.sh"), "--demo"],
        env={**base, "PYTHON": str(fake), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    return result.stdout.strip()


def test_the_demo_on_another_port_links_its_emails_to_that_port(tmp_path):
    assert _site_url_seen_by_manage_py(tmp_path, PORT="8055") == "http://127.0.0.1:8055"


def test_a_site_url_given_is_kept(tmp_path):
    given = "https://territoires.example"
    assert _site_url_seen_by_manage_py(tmp_path, PORT="8055", SITE_URL=given) == given
    assert _site_url_seen_by_manage_py(tmp_path, GUNICORN_BIND="127.0.0.1:0") == "None"
