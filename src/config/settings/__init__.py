"""danvan settings, read from the environment (``DANVAN_*``).

Defaults are safe for a single machine: debug off, SQLite under ``var/``, console e-mail.
Production sets ``DANVAN_HTTPS=1``, ``DANVAN_SECRET_KEY``, ``DANVAN_ALLOWED_HOSTS`` and
``DANVAN_DATABASE_URL`` (see docs/deploy.md).
"""

import importlib.util
import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

SRC_DIR = Path(__file__).resolve().parent.parent.parent
BASE_DIR = SRC_DIR.parent
VAR_DIR = Path(os.environ.get("DANVAN_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def require_extra(module: str, *, extra: str, setting: str) -> None:
    """Refuse to start when ``setting`` asks for what an optional extra brings and the extra is
    not installed: better at start than at the first request that needs it."""
    if importlib.util.find_spec(module) is None:
        raise ImproperlyConfigured(
            f"{setting} is set but the Python package {module!r} is missing: "
            f"install danvan with it, pip install 'danvan[{extra}]' (or '.[{extra}]')."
        )


def _secret_key() -> str:
    """The key from the environment, else one generated once and kept under var/."""
    if key := os.environ.get("DANVAN_SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DANVAN_DEBUG")
HTTPS = env_bool("DANVAN_HTTPS")
ALLOWED_HOSTS = env_list("DANVAN_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DANVAN_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "danvan.core",
    "danvan.accounts",
    "danvan.territory",
    "danvan.organizations",
    "danvan.documents",
    "danvan.followups",
    "danvan.initiatives",
    "danvan.reviews",
    "danvan.honors",
    "danvan.activities",
    "danvan.targets",
    "danvan.dialogues",
    "danvan.reports",
    "danvan.submissions",
    "danvan.portal",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    # The public portal (danvan.portal) is built on Wagtail; no embeds (they fetch from the web).
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # First: the request id is on every log line written while the request runs.
    "danvan.core.observability.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "danvan.core.middleware.SecurityHeadersMiddleware",
    # An anonymous visitor's cached portal page, before sessions, CSRF and authentication.
    "danvan.portal.middleware.PortalCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "danvan.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    # On the portal's own host name, only the portal's addresses (DANVAN_PORTAL_HOST).
    "danvan.portal.middleware.PortalHostMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # After the CSRF check: drops NUL characters from GET and POST before any view reads them.
    "danvan.core.middleware.InputCleaningMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Signed-in sessions: idle ones end; the second sign-in step where it is on or required.
    "danvan.accounts.middleware.IdleSessionMiddleware",
    "danvan.accounts.middleware.SecondFactorMiddleware",
    "danvan.core.middleware.AuditContextMiddleware",
    "danvan.core.middleware.OutOfScopeMiddleware",
    # django-axes must come last: it turns a locked-out login into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "danvan.core.context_processors.shell",
                "danvan.portal.context.portal",
            ],
            "builtins": ["danvan.core.templatetags.vn", "template_partials.templatetags.partials"],
        },
    },
]

# Django's form renderer, with select boxes written without a template per option (same HTML).
FORM_RENDERER = "danvan.core.renderers.FormRenderer"

# ---- database --------------------------------------------------------------------------------
if database_url := os.environ.get("DANVAN_DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(database_url, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "danvan.sqlite3",
            "OPTIONS": {
                # WAL lets readers work while a writer commits; IMMEDIATE avoids lock upgrades.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
# A PostgreSQL replica for the report engine's read-only counting (danvan.core.replica).
if replica_url := os.environ.get("DANVAN_DATABASE_REPLICA_URL"):
    DATABASES["replica"] = {
        **dj_database_url.parse(replica_url, conn_max_age=60),
        "TEST": {"MIRROR": "default"},
    }
DANVAN_REPORTS_ON_REPLICA = "replica" in DATABASES
DATABASE_ROUTERS = ["danvan.core.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One machine: files under var/cache, shared by the server's processes (what one counted, the
# others serve; the portal's purge on publishing reaches them all).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": VAR_DIR / "cache",
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("DANVAN_CACHE_MAX_ENTRIES", "5000"))},
    }
}
# A cache shared by every process and host (import progress, locks): Django's RedisCache, which
# needs the ``redis`` client — the ``redis`` extra of danvan.
if cache_url := os.environ.get("DANVAN_REDIS_URL"):
    require_extra("redis", extra="redis", setting="DANVAN_REDIS_URL")
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": cache_url,
            "KEY_PREFIX": os.environ.get("DANVAN_CACHE_PREFIX", "danvan"),
        }
    }

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A background job whose worker has not beaten for this many seconds is failed by the sweep
# (danvan.core.jobs; `manage.py jobs sweep`); a running job beats every few seconds.
DANVAN_JOB_STALE_AFTER = int(os.environ.get("DANVAN_JOB_STALE_AFTER", "300"))
DANVAN_JOB_HEARTBEAT_EVERY = float(os.environ.get("DANVAN_JOB_HEARTBEAT_EVERY", "15"))

# ---- accounts and login security -------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    # Django's ModelBackend, its permissions kept in the cache (not two queries per page).
    "danvan.accounts.backends.CachedModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "danvan.accounts.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

AXES_FAILURE_LIMIT = int(os.environ.get("DANVAN_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("DANVAN_LOGIN_COOLOFF_MINUTES", "15")))
# A failure counts against the pair (username, address): five wrong passwords typed for an account
# from one address lock that account from that address only, so nobody can lock a colleague out
# from elsewhere. The address is the one the audit log records (see DANVAN_TRUSTED_PROXIES).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "danvan.core.audit_context.request_client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# Sessions are read from the cache (files shared by the processes, or Redis) and written to the
# database too: no query per page to read one.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_AGE = int(os.environ.get("DANVAN_SESSION_HOURS", "8")) * 3600
# A session with no request for this many minutes is signed out (0: only SESSION_COOKIE_AGE).
DANVAN_SESSION_IDLE_MINUTES = int(os.environ.get("DANVAN_SESSION_IDLE_MINUTES", "60"))
# Two-step sign-in (TOTP) required for: "superusers" and/or "staff"; anyone may turn it on.
DANVAN_2FA_REQUIRED_FOR = env_list("DANVAN_2FA_REQUIRED_FOR")
OTP_TOTP_ISSUER = "danvan"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600

# ---- e-mail: console in development, SMTP when DANVAN_EMAIL_HOST is set ----------------------
DEFAULT_FROM_EMAIL = os.environ.get("DANVAN_DEFAULT_FROM_EMAIL", "danvan <no-reply@danvan.local>")
if email_host := os.environ.get("DANVAN_EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = email_host
    EMAIL_PORT = int(os.environ.get("DANVAN_EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("DANVAN_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("DANVAN_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("DANVAN_EMAIL_USE_TLS", default=True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# ---- security headers ------------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and not env_bool("DANVAN_NO_SSL_REDIRECT")
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
DANVAN_BEHIND_PROXY = env_bool("DANVAN_BEHIND_PROXY")
if DANVAN_BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many reverse proxies of our own stand in front of gunicorn (nginx alone: 1; a load balancer
# and nginx: 2). The client address is the entry that many places from the right of
# X-Forwarded-For; 0 (the default without DANVAN_BEHIND_PROXY) ignores the header.
DANVAN_TRUSTED_PROXIES = int(
    os.environ.get("DANVAN_TRUSTED_PROXIES", "1" if DANVAN_BEHIND_PROXY else "0")
)
# Map tiles under the report map's points (optional: the map works without them), e.g.
# "https://tile.example.vn/{z}/{x}/{y}.png"; its origin is allowed for images.
DANVAN_MAP_TILE_URL = os.environ.get("DANVAN_MAP_TILE_URL", "")
_TILE_ORIGIN = ""
if DANVAN_MAP_TILE_URL:
    _TILE_ORIGIN = " {0.scheme}://{0.netloc}".format(urlsplit(DANVAN_MAP_TILE_URL))
DANVAN_CSP = (
    f"default-src 'self'; img-src 'self' data:{_TILE_ORIGIN}; style-src 'self'; "
    "script-src 'self'; "
    "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'; "
    "object-src 'none'"
)

# ---- language, time, formats -----------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [SRC_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "danvan_language"
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

# ---- files -----------------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns about a missing directory before collectstatic
STATICFILES_DIRS = [("vendor", BASE_DIR / "build" / "vendor")]
# Fonts embedded in PDFs (danvan.core.pdf), copied from npm by `make assets`.
PDF_FONT_DIR = Path(os.environ.get("DANVAN_PDF_FONT_DIR", BASE_DIR / "build" / "fonts"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DANVAN_MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


def s3_storage(environ) -> dict:
    """Media on S3-compatible object storage (django-storages, the ``s3`` extra) when
    ``DANVAN_S3_BUCKET`` is set: AWS, MinIO, Ceph or a provider's service at
    ``DANVAN_S3_ENDPOINT_URL``. Keys may also come from boto3's own sources (instance role,
    ``AWS_*`` variables). Files stay private: danvan serves them through its views."""
    options = {
        "bucket_name": environ["DANVAN_S3_BUCKET"],
        "endpoint_url": environ.get("DANVAN_S3_ENDPOINT_URL") or None,
        "region_name": environ.get("DANVAN_S3_REGION") or None,
        "access_key": environ.get("DANVAN_S3_ACCESS_KEY_ID") or None,
        "secret_key": environ.get("DANVAN_S3_SECRET_ACCESS_KEY") or None,
        "location": environ.get("DANVAN_S3_PREFIX", "").strip("/"),
        "default_acl": "private",
        "querystring_auth": True,
        # Never replace another row's file: a name that is taken gets a suffix.
        "file_overwrite": False,
    }
    if addressing := environ.get("DANVAN_S3_ADDRESSING_STYLE"):  # "path" for MinIO and the like
        options["addressing_style"] = addressing
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


if os.environ.get("DANVAN_S3_BUCKET"):
    require_extra("storages", extra="s3", setting="DANVAN_S3_BUCKET")
    STORAGES["default"] = s3_storage(os.environ)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Prometheus metrics at /metrics (the ``metrics`` extra), served only to the addresses listed.
DANVAN_PROMETHEUS = env_bool("DANVAN_PROMETHEUS")
DANVAN_METRICS_ALLOWED = env_list("DANVAN_METRICS_ALLOWED", "127.0.0.1,::1")
if DANVAN_PROMETHEUS:
    require_extra("django_prometheus", extra="metrics", setting="DANVAN_PROMETHEUS")
    INSTALLED_APPS.append("django_prometheus")
    MIDDLEWARE = [
        "django_prometheus.middleware.PrometheusBeforeMiddleware",
        *MIDDLEWARE,
        "django_prometheus.middleware.PrometheusAfterMiddleware",
    ]

# Log lines: JSON objects (one per line, with the request id) unless DANVAN_LOG_FORMAT=text.
# A request slower than DANVAN_SLOW_REQUEST_MS is logged with its number of queries.
DANVAN_SLOW_REQUEST_MS = int(os.environ.get("DANVAN_SLOW_REQUEST_MS", "1000"))
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "danvan.core.observability.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "danvan.core.observability.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "text" if os.environ.get("DANVAN_LOG_FORMAT") == "text" else "json",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DANVAN_LOG_LEVEL", "WARNING")},
    "loggers": {"danvan.requests": {"level": "WARNING"}},
}

# ---- the public portal (danvan.portal, on Wagtail) -------------------------------------------
WAGTAIL_SITE_NAME = "Cổng thông tin công tác dân vận"
# The CMS sends whoever it turns away to danvan's own sign-in (lock-out, second factor).
WAGTAILADMIN_LOGIN_URL = LOGIN_URL
# Links in e-mails the CMS sends (moderation): the address officers reach the site at.
WAGTAILADMIN_BASE_URL = os.environ.get("DANVAN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False  # addresses without accents: /tuyen-quang/lam-binh-…/
WAGTAIL_ENABLE_UPDATE_CHECK = False  # no call to wagtail.org from the admin
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "doc", "xlsx", "xls", "odt", "ods"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILEMBEDS_FINDERS: list = []
# The portal may have a host name of its own (e.g. "danvan.tuyenquang.gov.vn"): on that host only
# the portal's pages answer; the work system stays on the other names.
DANVAN_PORTAL_HOST = os.environ.get("DANVAN_PORTAL_HOST", "").strip().lower()
# Anonymous portal pages are kept this many seconds in the cache (purged when an editor publishes).
DANVAN_PORTAL_CACHE_SECONDS = int(os.environ.get("DANVAN_PORTAL_CACHE_SECONDS", "300"))
