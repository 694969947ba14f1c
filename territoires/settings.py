"""Django settings, read from environment variables (see docs/configuration.md)."""

import hashlib
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from territoires.core import dotenv
from territoires.core.env import env_bool, env_cache, env_float, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
# The checkout's local .env (written by `make install`) fills the variables not set.
dotenv.load(BASE_DIR / ".env")


DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if DEBUG:
        SECRET_KEY = "insecure-development-key-only-used-when-debug-is-on"
    else:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY doit être défini quand DJANGO_DEBUG est désactivé."
        )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "territoires.core.thirdparty.FrenchAdminConfig",  # django.contrib.admin, French names
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "dsfr",
    "widget_tweaks",
    "territoires.core.thirdparty.AxesConfig",  # django-axes
    "csp",
    "django_tasks",
    "territoires.core.thirdparty.TasksDatabaseConfig",  # django-tasks-db
    "territoires.core",
    "territoires.audit",
    "territoires.accounts",
    "territoires.programmes",
    "territoires.referential",
    "territoires.organisations",
    "territoires.plans",
    "territoires.funding",
    "territoires.meetings",
    "territoires.steering",
    "territoires.workspace",
    "territoires.pages",
    "territoires.api",
    "territoires.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "territoires.core.middleware.UnstorableTextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "territoires.core.middleware.PrivateCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "territoires.urls"
CSRF_FAILURE_VIEW = "territoires.pages.errors.csrf_failure"
WSGI_APPLICATION = "territoires.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "territoires.core.context_processors.platform",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite behind a multi-process, multi-thread server (docs/decisions/0008): readers do
    # not block the writer (WAL), a transaction takes the write lock when it begins
    # (IMMEDIATE: no "database is locked" when two would upgrade at once) and waits for
    # it up to SQLITE_BUSY_TIMEOUT seconds.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA foreign_keys=ON; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": env_float("SQLITE_BUSY_TIMEOUT", 20.0, minimum=0),
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and not env_bool(
    "DATABASE_JIT", False
):
    # PostgreSQL compiles (JIT) a plan whose estimated cost passes jit_above_cost: for the
    # correlated subqueries of the figures as of a date, seconds of compiling for a few
    # milliseconds of work (decision 0028). Off, unless DATABASE_JIT=1.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()

# The cache of the programme's figures (dashboards, bilans: `steering/cache.py`, decision
# 0028). Shared by every gunicorn worker of the machine by default (files under var/);
# its keys are prefixed by the database, so two databases never share an entry.
CACHES = {"default": env_cache("CACHE_URL", f"file://{VAR_DIR / 'cache'}")}
CACHES["default"]["KEY_PREFIX"] = hashlib.sha256(
    "|".join(
        str(DATABASES["default"].get(part) or "") for part in ("HOST", "PORT", "NAME")
    ).encode()
).hexdigest()[:12]
CACHES["default"]["OPTIONS"] = {"MAX_ENTRIES": 2000} if "LOCATION" in CACHES["default"] else {}
# How long the figures of today, and the bilans of a past day, are kept (seconds; 0: no
# cache). Every audited write invalidates them at once; these bound what a write made
# outside the services (a script, raw SQL) leaves visible.
FIGURES_CACHE_SECONDS = env_int("FIGURES_CACHE_SECONDS", 600, minimum=0)
PAST_FIGURES_CACHE_SECONDS = env_int("PAST_FIGURES_CACHE_SECONDS", 86_400, minimum=0)

FORMS_URLFIELD_ASSUME_HTTPS = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = env_list(
    "DJANGO_PASSWORD_HASHERS",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher,"
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
)
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "workspace:index"  # Mon espace
LOGOUT_REDIRECT_URL = "home:index"

# Login throttling (django-axes): lock an email + IP pair after repeated failures.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_float("AXES_COOLOFF_HOURS", 0.25, minimum=0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
# Count failures against the normalised address: `Region@…` is `region@…` (decision 0009).
AXES_USERNAME_CALLABLE = "territoires.accounts.identity.axes_username"
AXES_CLIENT_IP_CALLABLE = "territoires.core.http.client_ip"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", True)

# Password reset requests: at most this many per address and per IP address in the window
# (an unknown address is counted the same way, so the limit reveals nothing).
PASSWORD_RESET_LIMIT_PER_ADDRESS = env_int("PASSWORD_RESET_LIMIT_PER_ADDRESS", 3, minimum=1)
PASSWORD_RESET_LIMIT_PER_IP = env_int("PASSWORD_RESET_LIMIT_PER_IP", 20, minimum=1)
PASSWORD_RESET_WINDOW_MINUTES = env_int("PASSWORD_RESET_WINDOW_MINUTES", 60, minimum=1)

# The public forms of the meetings (registration, feedback on a fiche): at most this many
# per address and per IP address in the window; past it, a French 429. Many people answer
# from one venue's network, hence the high per-IP limit of the feedback.
MEETING_FORMS_WINDOW_MINUTES = env_int("MEETING_FORMS_WINDOW_MINUTES", 60, minimum=1)
MEETING_REGISTRATION_LIMIT_PER_ADDRESS = env_int(
    "MEETING_REGISTRATION_LIMIT_PER_ADDRESS", 10, minimum=1
)
MEETING_REGISTRATION_LIMIT_PER_IP = env_int("MEETING_REGISTRATION_LIMIT_PER_IP", 30, minimum=1)
MEETING_FEEDBACK_LIMIT_PER_ADDRESS = env_int("MEETING_FEEDBACK_LIMIT_PER_ADDRESS", 60, minimum=1)
MEETING_FEEDBACK_LIMIT_PER_IP = env_int("MEETING_FEEDBACK_LIMIT_PER_IP", 600, minimum=1)

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(VAR_DIR / "media")))
# Third-party assets fetched from pinned packages by scripts/fetch_assets.py (make install).
STATICFILES_DIRS = [VAR_DIR / "assets" / "static"]
# The official geography (@etalab/decoupage-administratif, assets.toml group "referential"),
# fetched by `make referential` and `make demo`; read by the demo's loader.
REFERENTIAL_DIR = VAR_DIR / "assets" / "referential" / "cog"
# The shared real data sets (the 2019 territories, the schemes…), read by path, never copied;
# a relative path is read from the project's folder.
SHARED_DATA_DIR = BASE_DIR / env_str("SHARED_DATA", str(BASE_DIR.parent / "shared" / "data"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # The same in production, `make demo` and the tests (docs/decisions/0006).
    "staticfiles": {"BACKEND": "territoires.core.staticfiles.PlatformStaticFilesStorage"},
}

# Uploaded documents of a fiche action.
DOCUMENT_MAX_BYTES = env_int("DOCUMENT_MAX_BYTES", 10 * 1024 * 1024, minimum=1)
DOCUMENT_EXTENSIONS = env_list(
    "DOCUMENT_EXTENSIONS", "pdf,odt,ods,odp,doc,docx,xls,xlsx,ppt,pptx,csv,txt,png,jpg,jpeg"
)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = env_str(
    "DEFAULT_FROM_EMAIL", "Territoires d'industrie <ne-pas-repondre@localhost>"
)

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# The State brand block (Marianne, "République française"): on by default, off for
# operators that are not State services.
STATE_BRAND = env_bool("STATE_BRAND", True)
PLATFORM_NAME = env_str("PLATFORM_NAME", "Territoires d'industrie")
PLATFORM_TAGLINE = env_str("PLATFORM_TAGLINE", "Plans d'action des territoires industriels")
PLATFORM_OPERATOR = env_str("PLATFORM_OPERATOR", "")
# The public-service pages (mentions légales, données personnelles, accessibilité): who to
# write to, who hosts the platform.
PLATFORM_CONTACT_EMAIL = env_str("PLATFORM_CONTACT_EMAIL", "")
PLATFORM_HOST = env_str("PLATFORM_HOST", "")

# Served over HTTPS (production): redirect plain HTTP, send HSTS, cookies over HTTPS only.
# Off for a local demo on http://127.0.0.1 (DJANGO_HTTPS=0; an older local setting
# DJANGO_SECURE_COOKIES=0 means the same).
HTTPS = env_bool("DJANGO_HTTPS", env_bool("DJANGO_SECURE_COOKIES", not DEBUG))
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31_536_000, minimum=0) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# The pages and htmx read the CSRF token from the page, never from the cookie.
CSRF_COOKIE_HTTPONLY = True
# One reverse proxy in front: trust its X-Forwarded-Proto, and the client address it
# appends to X-Forwarded-For (core.http.client_ip).
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp, decision 0011): scripts and styles come from the
# site's own static files; no inline code, no 'unsafe-inline'. An inline <script> or
# <style> that cannot be avoided carries nonce="{{ request.csp_nonce }}".
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
if HTTPS:
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["upgrade-insecure-requests"] = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "client_error_without_traceback": {
            "()": "territoires.core.logs.ClientErrorWithoutTraceback",
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        # A refused page (403, 404…) is logged as a warning without its traceback.
        "django.request": {"filters": ["client_error_without_traceback"]},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
