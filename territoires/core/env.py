"""Strict readers of environment variables, for the settings.

Each reader returns the default when the variable is absent (or empty) and refuses a
malformed value with ImproperlyConfigured naming the variable, so that a typo such as
`DJANGO_DEBUG=ture` stops the start instead of silently meaning "off".
"""

import os

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = frozenset({"1", "true", "yes", "on", "oui", "vrai"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", "non", "faux"})


def _raw(name):
    value = os.environ.get(name)
    if value is None or not value.strip():
        return None
    return value.strip()


def _refuse(name, value, expected):
    return ImproperlyConfigured(f"{name} : valeur « {value} » invalide, {expected} attendu.")


def env_str(name, default=""):
    """The variable's text, stripped of surrounding spaces."""
    value = _raw(name)
    return default if value is None else value


def env_bool(name, default=False):
    """1/true/yes/on (or 0/false/no/off), case-insensitive; anything else stops."""
    value = _raw(name)
    if value is None:
        return default
    word = value.lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise _refuse(name, value, "un booléen (1, true, yes, on / 0, false, no, off)")


def env_int(name, default=0, *, minimum=None):
    """A whole number (optionally at least `minimum`)."""
    value = _raw(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise _refuse(name, value, "un nombre entier") from None
    if minimum is not None and number < minimum:
        raise _refuse(name, value, f"un nombre entier supérieur ou égal à {minimum}")
    return number


def env_float(name, default=0.0, *, minimum=None):
    """A decimal number written with a dot (optionally at least `minimum`)."""
    value = _raw(name)
    if value is None:
        return default
    try:
        number = float(value)
    except ValueError:
        raise _refuse(name, value, "un nombre décimal (avec un point)") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise _refuse(name, value, "un nombre décimal fini")
    if minimum is not None and number < minimum:
        raise _refuse(name, value, f"un nombre supérieur ou égal à {minimum}")
    return number


def env_list(name, default=""):
    """A comma-separated list; empty items are dropped. `default` is a string or a list."""
    value = _raw(name)
    if value is None:
        value = default if isinstance(default, str) else ",".join(default)
    return [item.strip() for item in value.split(",") if item.strip()]


CACHE_BACKENDS = {
    "file": "django.core.cache.backends.filebased.FileBasedCache",
    "locmem": "django.core.cache.backends.locmem.LocMemCache",
    "dummy": "django.core.cache.backends.dummy.DummyCache",
}


def env_cache(name, default):
    """Django's CACHES["default"] from a URL: `file:///absolute/folder` (shared by every
    process of the machine), `locmem://` (one process only: for development), or
    `dummy://` (no cache). Anything else stops."""
    value = _raw(name) or default
    scheme, sep, rest = value.partition("://")
    expected = "file:///dossier/absolu, locmem:// ou dummy://"
    if not sep or scheme not in CACHE_BACKENDS:
        raise _refuse(name, value, expected)
    if scheme == "file":
        if not rest.startswith("/") or rest.strip("/") == "":
            raise _refuse(name, value, "un dossier absolu (file:///var/cache/territoires)")
        return {"BACKEND": CACHE_BACKENDS[scheme], "LOCATION": rest}
    if rest:
        raise _refuse(name, value, expected)
    return {"BACKEND": CACHE_BACKENDS[scheme]}
