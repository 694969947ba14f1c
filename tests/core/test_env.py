"""The strict readers of environment variables used by the settings."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from territoires.core.env import env_bool, env_cache, env_float, env_int, env_list, env_str


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", True), ("true", True), ("Yes", True), (" on ", True), ("oui", True)]
    + [("0", False), ("false", False), ("NO", False), ("off", False), ("non", False)],
)
def test_env_bool_reads_the_usual_words(monkeypatch, raw, expected):
    monkeypatch.setenv("TI_FLAG", raw)
    assert env_bool("TI_FLAG", not expected) is expected


@pytest.mark.parametrize("raw", ["ture", "2", "vraiment", "y e s"])
def test_env_bool_refuses_a_malformed_value_and_names_the_variable(monkeypatch, raw):
    monkeypatch.setenv("TI_FLAG", raw)
    with pytest.raises(ImproperlyConfigured, match="TI_FLAG"):
        env_bool("TI_FLAG")


def test_an_absent_or_empty_variable_gives_the_default(monkeypatch):
    monkeypatch.delenv("TI_ABSENT", raising=False)
    monkeypatch.setenv("TI_EMPTY", "  ")
    assert env_bool("TI_ABSENT", True) is True
    assert env_bool("TI_EMPTY", False) is False
    assert env_int("TI_ABSENT", 7) == 7
    assert env_float("TI_EMPTY", 0.5) == 0.5
    assert env_str("TI_EMPTY", "défaut") == "défaut"
    assert env_list("TI_ABSENT", "a, b") == ["a", "b"]


def test_env_int_reads_a_whole_number(monkeypatch):
    monkeypatch.setenv("TI_COUNT", " 12 ")
    assert env_int("TI_COUNT") == 12


@pytest.mark.parametrize("raw", ["12a", "1.5", "douze", "0x10"])
def test_env_int_refuses_a_malformed_number_and_names_the_variable(monkeypatch, raw):
    monkeypatch.setenv("TI_COUNT", raw)
    with pytest.raises(ImproperlyConfigured, match="TI_COUNT"):
        env_int("TI_COUNT")


def test_env_int_refuses_a_number_below_the_minimum(monkeypatch):
    monkeypatch.setenv("TI_COUNT", "-1")
    with pytest.raises(ImproperlyConfigured, match="TI_COUNT.*supérieur ou égal à 0"):
        env_int("TI_COUNT", minimum=0)


def test_env_float_reads_a_decimal_with_a_dot(monkeypatch):
    monkeypatch.setenv("TI_HOURS", "0.25")
    assert env_float("TI_HOURS") == 0.25


@pytest.mark.parametrize("raw", ["0,25", "un quart", "nan", "inf"])
def test_env_float_refuses_a_malformed_number_and_names_the_variable(monkeypatch, raw):
    monkeypatch.setenv("TI_HOURS", raw)
    with pytest.raises(ImproperlyConfigured, match="TI_HOURS"):
        env_float("TI_HOURS")


def test_env_list_splits_on_commas_and_drops_empty_items(monkeypatch):
    monkeypatch.setenv("TI_HOSTS", "a.fr, b.fr,, ")
    assert env_list("TI_HOSTS") == ["a.fr", "b.fr"]


def test_env_str_strips_spaces(monkeypatch):
    monkeypatch.setenv("TI_NAME", "  Territoires  ")
    assert env_str("TI_NAME") == "Territoires"


def test_the_settings_refuse_a_malformed_boolean():
    """The settings module itself stops on `DJANGO_DEBUG=ture`, naming the variable."""
    env = {
        **os.environ,
        "DJANGO_DEBUG": "ture",
        "DJANGO_SECRET_KEY": "x" * 50,
        "DJANGO_SETTINGS_MODULE": "territoires.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "DJANGO_DEBUG" in result.stderr
    assert "ImproperlyConfigured" in result.stderr


@pytest.mark.parametrize(
    ("raw", "backend", "location"),
    [
        ("file:///var/cache/ti", "filebased.FileBasedCache", "/var/cache/ti"),
        ("locmem://", "locmem.LocMemCache", None),
        ("dummy://", "dummy.DummyCache", None),
    ],
)
def test_env_cache_reads_a_cache_url(monkeypatch, raw, backend, location):
    monkeypatch.setenv("TI_CACHE", raw)
    config = env_cache("TI_CACHE", "dummy://")
    assert config["BACKEND"] == f"django.core.cache.backends.{backend}"
    assert config.get("LOCATION") == location


@pytest.mark.parametrize(
    "raw", ["redis://127.0.0.1", "file://relative/folder", "file:///", "locmem://x", "cache"]
)
def test_env_cache_refuses_what_it_cannot_share_and_names_the_variable(monkeypatch, raw):
    monkeypatch.setenv("TI_CACHE", raw)
    with pytest.raises(ImproperlyConfigured, match="TI_CACHE"):
        env_cache("TI_CACHE", "dummy://")
