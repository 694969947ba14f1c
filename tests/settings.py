"""Settings for the test suite: the production settings, static files included (the same
storage, collected once per run into var/test-static by tests/static_files.py), with a
throwaway secret key, fast password hashing and mails kept in memory."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-secret-key-not-used-anywhere-else")
os.environ.setdefault("DJANGO_SECURE_COOKIES", "0")
# The tests do not depend on the developer's local .env.
os.environ.setdefault("DJANGO_ENV_FILE", "")

from territoires.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STATIC_ROOT = VAR_DIR / "test-static"  # noqa: F405

# Tripwire: an undefined variable printed by our templates raises (tests/tripwires.py).
from tests.tripwires import StrictInvalid  # noqa: E402

TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = StrictInvalid()  # noqa: F405

# The demo's official geography: the tests that load the demo take the minimal geography of
# the shared files (a second) instead of importing the package (tests/demo/test_real_programme.py
# imports it once, from settings.REFERENTIAL_DIR of the project).
PACKAGED_REFERENTIAL_DIR = REFERENTIAL_DIR  # noqa: F405
REFERENTIAL_DIR = VAR_DIR / "tests-no-referential"  # noqa: F405

# The figures' cache (steering/cache.py) is off: a test reads what it wrote, factories
# included (they write no audit event). tests/steering/test_cache.py turns it on.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
FIGURES_CACHE_SECONDS = 0
PAST_FIGURES_CACHE_SECONDS = 0
