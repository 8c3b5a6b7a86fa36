"""Newsroom settings: every value comes from the environment, with a safe default.

Production is the default (DEBUG off); `make run` turns on development mode.
"""

import os
import socket
import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    """Read a yes/no variable: 1, true, yes and on mean yes; 0, false, no and off mean no."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_seconds(name, default):
    """A number of seconds; 0, false, no and off mean none, and 1, true, yes and on keep the
    default (so the yes/no spelling of older deployments still means "on")."""
    value = os.environ.get(name, "").strip().lower()
    if value == "":
        return default
    if value in {"0", "false", "no", "off"}:
        return 0
    if value in {"true", "yes", "on"}:
        return default
    if value.isdigit():
        return int(value)
    raise ImproperlyConfigured(f"{name} must be a number of seconds (or 0 to turn it off).")


def development_site_url(argv):
    """The address `manage.py runserver [host:]port` serves, as `make run PORT=8001` runs it:
    http://127.0.0.1:8001. Other commands get the default port."""
    host, port = "127.0.0.1", "8000"
    if len(argv) > 2 and argv[1] == "runserver" and not argv[2].startswith("-"):
        address = argv[2]
        if address.isdigit():
            port = address
        else:
            host, _, port = address.rpartition(":")
            host = host.strip("[]")
    if host in ("", "0.0.0.0", "::", "0"):  # every interface: readers use the loopback one
        host = "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port or '8000'}"


def _port_answers(host, port, timeout=0.5):
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


# DEBUG is off unless asked for; `make run` sets DEBUG=1.
DEBUG = env_bool("DEBUG", False)
TESTING = "pytest" in sys.modules or (len(sys.argv) > 1 and sys.argv[1] == "test")
# Commands that neither serve nor sign anything, and so may run without a real secret.
_KEYLESS_COMMAND = len(sys.argv) > 1 and sys.argv[1] in {"makemigrations", "test"}

# A production start without SECRET_KEY refuses to start rather than run with a guessable key.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or TESTING or _KEYLESS_COMMAND:
        SECRET_KEY = "development-only-insecure-key-do-not-use-in-production"
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Production (DEBUG off) needs a long random SECRET_KEY in "
            "the environment; for development run `make run`, which sets DEBUG=1."
        )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if not DEBUG else "*")
if TESTING:
    ALLOWED_HOSTS = ["*"]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "taggit",
    "django_prose_editor",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "security",
    "publishing",
    "reader",
    "media_gallery",
    "articles",
    "wordpress",
    "fronts",
    "corsheaders",
    "api",
    "desk",  # after the content apps: it adds notes to their admin pages
]

MIDDLEWARE = [
    # Forwarded headers are believed only from the proxies we run (NEWSROOM_TRUSTED_PROXIES),
    # before anything reads the scheme or the client's address.
    "security.middleware.TrustedProxyMiddleware",
    "security.middleware.RefuseNulBytesMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Above whitenoise, so static files get the pages' security headers too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Says how long a front cache may keep a reader's page (never past the next go-live).
    "reader.middleware.FrontCacheMiddleware",
    # CORS for the content API only (CORS_URLS_REGEX), before anything answers.
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "security.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A story imported from WordPress answers at its old addresses (301).
    "wordpress.middleware.OldWordPressAddressMiddleware",
    # Last, as django-axes asks: it answers a locked-out sign-in.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "articles.context_processors.site_sections",
            ],
        },
    }
]

# Database: DATABASE_URL when set; else PostgreSQL at 127.0.0.1:5432 (database `newsroom`)
# when it answers; else an SQLite file, so `make run` works on any machine.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
CONN_MAX_AGE = int(os.environ.get("CONN_MAX_AGE", "600"))


def _database_from_url(url):
    parsed = urlparse(url)
    if parsed.scheme in {"postgres", "postgresql", "pgsql"}:
        options = {k: v[-1] for k, v in parse_qs(parsed.query).items()}
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")) or "newsroom",
            "USER": unquote(parsed.username or "postgres"),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "127.0.0.1",
            "PORT": str(parsed.port or 5432),
            "CONN_MAX_AGE": CONN_MAX_AGE,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
        }
    if parsed.scheme == "sqlite":
        path = unquote(parsed.path)
        if path.startswith("//"):
            path = path[1:]
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": path.lstrip("/") and path or ":memory:",
        }
    raise ImproperlyConfigured(
        f"DATABASE_URL scheme {parsed.scheme!r} is not supported; use postgres:// or sqlite://"
    )


if DATABASE_URL:
    DATABASES = {"default": _database_from_url(DATABASE_URL)}
elif _port_answers("127.0.0.1", 5432):
    DATABASES = {"default": _database_from_url("postgres://postgres@127.0.0.1:5432/newsroom")}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "newsroom.sqlite3")),
            "OPTIONS": {"timeout": 20},
        }
    }
DATABASE_VENDOR = "postgresql" if "postgresql" in DATABASES["default"]["ENGINE"] else "sqlite"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set or the default one answers at start, else this process's
# memory. It is never required: an error, or an answer slower than NEWSROOM_CACHE_TIMEOUT_MS,
# is a miss (reader/cache.py), and the process then leaves Redis alone for
# NEWSROOM_CACHE_RETRY_SECONDS before trying again.
NEWSROOM_CACHE_TIMEOUT_MS = int(os.environ.get("NEWSROOM_CACHE_TIMEOUT_MS", "50"))
NEWSROOM_CACHE_RETRY_SECONDS = float(os.environ.get("NEWSROOM_CACHE_RETRY_SECONDS", "2"))
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
_redis = urlparse(REDIS_URL)
if REDIS_URL and (
    "REDIS_URL" in os.environ or _port_answers(_redis.hostname or "127.0.0.1", _redis.port or 6379)
):
    CACHES = {
        "default": {
            "BACKEND": "reader.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "newsroom"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if TESTING:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Sign-in: django-axes throttles failures per account and per address (the client's
# address as TrustedProxyMiddleware found it); a locked sign-in waits
# NEWSROOM_LOGIN_LOCKOUT_MINUTES (0: until a superuser unlocks it in the admin, under
# "Access attempts", or with `manage.py axes_reset`). Off in tests, which turn it on where
# they test it.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
NEWSROOM_LOGIN_FAILURE_LIMIT = int(os.environ.get("NEWSROOM_LOGIN_FAILURE_LIMIT", "5"))
NEWSROOM_LOGIN_LOCKOUT_MINUTES = int(os.environ.get("NEWSROOM_LOGIN_LOCKOUT_MINUTES", "15"))
AXES_ENABLED = not TESTING
AXES_FAILURE_LIMIT = NEWSROOM_LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = (
    timedelta(minutes=NEWSROOM_LOGIN_LOCKOUT_MINUTES) if NEWSROOM_LOGIN_LOCKOUT_MINUTES else None
)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "security.views.locked_out"
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
# Two-factor sign-in (django-otp: an authenticator app and recovery codes) is required of
# Editors and superusers in production; anyone may turn it on for themselves. Development
# and tests leave it optional, so the demo logins sign in with their passwords.
NEWSROOM_REQUIRE_2FA = env_bool("NEWSROOM_REQUIRE_2FA", not DEBUG and not TESTING)
OTP_TOTP_ISSUER = os.environ.get("NEWSROOM_SITE_NAME", "The Newsroom")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
# The newsroom's one time zone: display, article URL dates and feeds. The database stores UTC.
NEWSROOM_TIME_ZONE = os.environ.get("NEWSROOM_TIME_ZONE", "America/New_York")
TIME_ZONE = NEWSROOM_TIME_ZONE
USE_I18N = True
USE_TZ = True

# Static files: whitenoise with hashed names and long cache headers.
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# In development and tests whitenoise serves straight from the apps' static folders.
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING

# Media: local disk by default; S3-compatible object storage when AWS_STORAGE_BUCKET_NAME is set
# (pip install ".[s3]"; AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_S3_ENDPOINT_URL,
# AWS_S3_CUSTOM_DOMAIN are read by django-storages itself).
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"bucket_name": AWS_STORAGE_BUCKET_NAME, "file_overwrite": False},
    }
else:
    # Follows MEDIA_ROOT and MEDIA_URL (tests point MEDIA_ROOT at a temporary folder).
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Photos on S3-compatible storage (README, "Photos"): the endpoint, a CDN domain and the region
# from the environment; public media need no signed URLs (stored names carry a random part).
# Kept originals go to their own private bucket, with signed URLs, when one is named.
_s3 = {
    option: value
    for option, value in (
        ("endpoint_url", os.environ.get("AWS_S3_ENDPOINT_URL", "")),
        ("region_name", os.environ.get("AWS_S3_REGION_NAME", "")),
    )
    if value
}
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"]["OPTIONS"].update(
        _s3,
        custom_domain=os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
        querystring_auth=env_bool("AWS_QUERYSTRING_AUTH", False),
    )
NEWSROOM_ORIGINALS_BUCKET = os.environ.get("NEWSROOM_ORIGINALS_BUCKET", "")
if NEWSROOM_ORIGINALS_BUCKET:
    STORAGES["originals"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": NEWSROOM_ORIGINALS_BUCKET,
            "file_overwrite": False,
            "default_acl": "private",
            "querystring_auth": True,
            **_s3,
        },
    }
# Untouched originals are kept only when asked, in private storage never under MEDIA_URL.
NEWSROOM_KEEP_ORIGINALS = env_bool("NEWSROOM_KEEP_ORIGINALS", False)
NEWSROOM_ORIGINALS_ROOT = Path(
    os.environ.get("NEWSROOM_ORIGINALS_ROOT", BASE_DIR / "private" / "originals")
)
# Upload limits for photos.
NEWSROOM_MAX_UPLOAD_BYTES = int(os.environ.get("NEWSROOM_MAX_UPLOAD_BYTES", 40 * 1024 * 1024))
NEWSROOM_MAX_IMAGE_PIXELS = int(os.environ.get("NEWSROOM_MAX_IMAGE_PIXELS", 60_000_000))
# Above this a picture is "large": a single upload's renditions are made by the background
# worker, not in the web worker (which then holds one decoded copy at most, ~300 MB at 60 MP).
NEWSROOM_LARGE_PICTURE_PIXELS = int(os.environ.get("NEWSROOM_LARGE_PICTURE_PIXELS", 16_000_000))
# AVIF renditions cost about 3 s a photo here: off unless asked for.
NEWSROOM_AVIF = env_bool("NEWSROOM_AVIF", False)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000
# A form's text may be this large (Django's default is 2.5 MB). Room for a story past its own
# limit (articles.body.MAX_BODY_CHARS, 1 million characters), so that an over-long body gets
# the form's message, with the text kept, rather than a bare "400 Bad Request".
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Reader pages cache rendered fragments for this many seconds at most (a content save or a
# scheduled item going live replaces them at once); 0 turns it off. Off in development, and
# off where the cache is one process's memory: a save in one app server would not reach the
# others' fragments (the content generation lives in the shared cache).
_shared_cache = CACHES["default"]["BACKEND"].endswith("RedisCache") or TESTING
NEWSROOM_FRAGMENT_CACHE_SECONDS = int(
    os.environ.get("NEWSROOM_FRAGMENT_CACHE_SECONDS", "300" if _shared_cache and not DEBUG else "0")
)

# How long the front cache (deploy/nginx, a CDN) may keep a reader's page; never past the
# next scheduled go-live. 0 (development, tests) marks nothing cacheable.
NEWSROOM_FRONT_CACHE_SECONDS = int(
    os.environ.get("NEWSROOM_FRONT_CACHE_SECONDS", "0" if DEBUG or TESTING else "10")
)

# Front caches purged by key when readers' content changes (reader/purge.py): any of nginx,
# fastly, cloudflare, cloudfront, comma-separated. None by default.
NEWSROOM_FRONT_CACHES = [
    name.strip() for name in os.environ.get("NEWSROOM_FRONT_CACHES", "").split(",") if name.strip()
]
_unknown_caches = set(NEWSROOM_FRONT_CACHES) - {"nginx", "fastly", "cloudflare", "cloudfront"}
if _unknown_caches:
    raise ImproperlyConfigured(
        f"NEWSROOM_FRONT_CACHES names {', '.join(sorted(_unknown_caches))}: the front caches "
        "Newsroom purges are nginx, fastly, cloudflare and cloudfront."
    )
# The nginx servers to send PURGE requests to (each front cache server of the site).
NEWSROOM_NGINX_PURGE_URLS = [
    url.strip()
    for url in os.environ.get("NEWSROOM_NGINX_PURGE_URLS", "http://127.0.0.1:80").split(",")
    if url.strip()
]
NEWSROOM_FASTLY_API = os.environ.get("NEWSROOM_FASTLY_API", "https://api.fastly.com")
FASTLY_SERVICE_ID = os.environ.get("FASTLY_SERVICE_ID", "")
FASTLY_API_TOKEN = os.environ.get("FASTLY_API_TOKEN", "")
NEWSROOM_CLOUDFLARE_API = os.environ.get(
    "NEWSROOM_CLOUDFLARE_API", "https://api.cloudflare.com/client/v4"
)
CLOUDFLARE_ZONE_ID = os.environ.get("CLOUDFLARE_ZONE_ID", "")
CLOUDFLARE_API_TOKEN = os.environ.get("CLOUDFLARE_API_TOKEN", "")
CLOUDFRONT_DISTRIBUTION_ID = os.environ.get("CLOUDFRONT_DISTRIBUTION_ID", "")

# The site's name and public address, used in feeds, canonical links, JSON-LD and social
# cards. Production refuses to start without the address (a wrong one would go out in every
# feed); development uses the address `runserver` serves (`make run PORT=8001`).
NEWSROOM_SITE_NAME = os.environ.get("NEWSROOM_SITE_NAME", "The Newsroom")
NEWSROOM_SITE_URL = os.environ.get("NEWSROOM_SITE_URL", "").strip().rstrip("/")
if not NEWSROOM_SITE_URL:
    if DEBUG or TESTING or _KEYLESS_COMMAND:
        NEWSROOM_SITE_URL = development_site_url(sys.argv)
    else:
        raise ImproperlyConfigured(
            "NEWSROOM_SITE_URL is not set. Production (DEBUG off) needs the site's public "
            "address, e.g. NEWSROOM_SITE_URL=https://news.example.org; for development run "
            "`make run`, which sets DEBUG=1."
        )
if (
    urlparse(NEWSROOM_SITE_URL).scheme not in ("http", "https")
    or not urlparse(NEWSROOM_SITE_URL).netloc
):
    raise ImproperlyConfigured(
        f"NEWSROOM_SITE_URL must be an http:// or https:// address, not {NEWSROOM_SITE_URL!r}."
    )

# Background work (renditions for bulk uploads): a database queue in production and
# development (worker started by `make run`), run at once in tests.
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if TESTING or env_bool("NEWSROOM_TASKS_IMMEDIATE", False)
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

# The content API (/api/v1/). Anonymous reading is off unless NEWSROOM_API_PUBLIC is on (then
# limited per address to NEWSROOM_API_PUBLIC_RATE_LIMIT requests a minute); partners use keys
# made in the admin. Browsers on NEWSROOM_API_CORS_ORIGINS (comma-separated origins, e.g.
# https://app.example.com) may read it from their pages.
NEWSROOM_API_PUBLIC = env_bool("NEWSROOM_API_PUBLIC", False)
NEWSROOM_API_PUBLIC_RATE_LIMIT = int(os.environ.get("NEWSROOM_API_PUBLIC_RATE_LIMIT", "120"))
CORS_ALLOWED_ORIGINS = env_list("NEWSROOM_API_CORS_ORIGINS")
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_HEADERS = ("accept", "authorization", "if-none-match", "if-modified-since", "x-api-key")
CORS_EXPOSE_HEADERS = ("ETag", "Last-Modified", "Link", "Retry-After")
# Seconds a webhook delivery waits for the partner before counting the attempt as failed.
NEWSROOM_WEBHOOK_TIMEOUT = int(os.environ.get("NEWSROOM_WEBHOOK_TIMEOUT", "10"))

# A task running longer than this is taken to belong to a dead worker and is queued again
# (publishing/tasks.py); every task is safe to run twice.
NEWSROOM_TASK_LEASE_SECONDS = int(os.environ.get("NEWSROOM_TASK_LEASE_SECONDS", "900"))

# HTTPS: a front server terminates TLS and says so in X-Forwarded-Proto, which is believed
# only from the proxies listed here (addresses or ranges; loopback by default). The same
# list decides whose X-Forwarded-For names the client (login throttling counts by it).
NEWSROOM_TRUSTED_PROXIES = env_list("NEWSROOM_TRUSTED_PROXIES", "127.0.0.1,::1")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
_https = not DEBUG and not TESTING
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", _https)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", _https)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", _https)
# HSTS in seconds (a year in production). includeSubDomains and preload bind every subdomain
# and the browsers' preload list for years: each is the site owner's opt-in, never a default.
SECURE_HSTS_SECONDS = env_seconds("SECURE_HSTS_SECONDS", 31536000 if _https else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# `check --deploy` asks for both; leaving them off is the deliberate default above.
SILENCED_SYSTEM_CHECKS = [
    *([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
    *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
]
SECURE_SSL_REDIRECT_EXEMPT = [r"^healthz(/live|/ready)?$"]
SECURE_REDIRECT_EXEMPT = [r"^healthz(/live|/ready)?$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False

# Content-Security-Policy: no inline script anywhere, the admin's included.
from csp.constants import NONCE, NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        # NONCE appears only in responses that ask for one: the admin's rich-text editor's
        # import map (a JSON <script>, no code) is the one inline script.
        "script-src": [SELF, NONCE],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:"] + env_list("CSP_IMG_SRC"),
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "stdout": {"class": "logging.StreamHandler", "stream": sys.stdout, "formatter": "plain"}
    },
    "root": {"handlers": ["stdout"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# The body editor's story elements (articles/body): their editor module, beside the
# extensions django-prose-editor ships, and a toolbar group of their own.
from django_prose_editor.config import DEFAULT_MENU_GROUPS, html_tags  # noqa: E402
from js_asset import static_lazy  # noqa: E402

DJANGO_PROSE_EDITOR_EXTENSIONS = [
    {
        "js": [static_lazy("articles/story-elements.js")],
        "extensions": {
            "StoryElements": html_tags(
                tags=["figure", "aside", "table"],
                attributes={"figure": ["data-element"], "aside": ["data-element"]},
            )
        },
    }
]
DJANGO_PROSE_EDITOR_MENU_GROUPS = [*DEFAULT_MENU_GROUPS, {"group": "elements"}]

LOGIN_URL = "admin:login"
TAGGIT_CASE_INSENSITIVE = True

# Email (the desk's notifications): printed to the console in development and tests' outbox;
# in production an SMTP server, set by these variables.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "The Newsroom desk <desk@localhost>")
