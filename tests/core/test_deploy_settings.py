"""The production configuration passes `manage.py check --deploy` without a warning, and
the HTTPS switch does what docs/configuration.md says; a local demo on plain HTTP keeps
working without it."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run(code, **env):
    """Run `code` in a fresh Python with only these variables (and PATH): the settings are
    read once per process, as in production."""
    environ = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "territoires.settings",
        "DJANGO_ENV_FILE": "",  # no local .env: production reads its real environment
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environ, capture_output=True, text=True
    )


def _production(tmp_path, **overrides):
    return {
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "territoires-industrie.example.fr",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **overrides,
    }


CHECK = (
    "import django, sys; django.setup(); from django.core.management import call_command; "
    "call_command('check', deploy=True, fail_level='WARNING')"
)
SETTINGS = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'redirect': s.SECURE_SSL_REDIRECT, 'hsts': s.SECURE_HSTS_SECONDS, "
    "'subdomains': s.SECURE_HSTS_INCLUDE_SUBDOMAINS, 'preload': s.SECURE_HSTS_PRELOAD, "
    "'cookies': [s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE], "
    "'upgrade': 'upgrade-insecure-requests' in s.CONTENT_SECURITY_POLICY['DIRECTIVES']}))"
)


def _settings(**env):
    import json

    result = _run(SETTINGS, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("behind_proxy", ["0", "1"])
def test_check_deploy_finds_nothing_in_the_production_configuration(tmp_path, behind_proxy):
    result = _run(CHECK, **_production(tmp_path, DJANGO_BEHIND_PROXY=behind_proxy))

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout + result.stderr


def test_production_redirects_to_https_and_sends_hsts_by_default(tmp_path):
    assert _settings(**_production(tmp_path)) == {
        "redirect": True,
        "hsts": 31_536_000,
        "subdomains": True,
        "preload": True,
        "cookies": [True, True],
        "upgrade": True,
    }


def test_a_local_demo_over_plain_http_switches_https_off(tmp_path):
    for switch in ({"DJANGO_HTTPS": "0"}, {"DJANGO_SECURE_COOKIES": "0"}):
        values = _settings(**_production(tmp_path, **switch))
        assert values["redirect"] is False, switch
        assert values["hsts"] == 0, switch
        assert values["cookies"] == [False, False], switch
        assert values["upgrade"] is False, switch


def test_a_malformed_https_switch_stops_with_its_name(tmp_path):
    result = _run(SETTINGS, **_production(tmp_path, DJANGO_HTTPS="oui-ou-non"))

    assert result.returncode != 0
    assert "DJANGO_HTTPS" in result.stderr


CACHE_AND_JIT = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "d = s.DATABASES['default']; c = s.CACHES['default']; "
    "print(json.dumps({'options': d.get('OPTIONS', {}).get('options', ''), "
    "'backend': c['BACKEND'], 'location': c.get('LOCATION'), 'prefix': c['KEY_PREFIX']}))"
)


def _cache_and_jit(tmp_path, **env):
    result = _run(CACHE_AND_JIT, **_production(tmp_path, **env))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_postgresql_runs_without_jit_unless_asked(tmp_path):
    url = "postgres://ti@db.example.fr:5432/territoires"
    assert _cache_and_jit(tmp_path, DATABASE_URL=url)["options"] == "-c jit=off"
    assert _cache_and_jit(tmp_path, DATABASE_URL=url, DATABASE_JIT="1")["options"] == ""


def test_the_figures_cache_is_shared_by_the_workers_and_prefixed_by_the_database(tmp_path):
    default = _cache_and_jit(tmp_path)
    assert default["backend"].endswith("FileBasedCache")
    assert default["location"] == str(ROOT / "var" / "cache")
    other = _cache_and_jit(tmp_path, DATABASE_URL=f"sqlite:///{tmp_path / 'other.sqlite3'}")
    assert other["prefix"] != default["prefix"]
    refused = _run(CACHE_AND_JIT, **_production(tmp_path, CACHE_URL="redis://cache:6379"))
    assert refused.returncode != 0 and "CACHE_URL" in refused.stderr
