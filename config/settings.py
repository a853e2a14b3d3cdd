"""Settings for 速找活, read from the environment.

Defaults give a working laptop setup (SQLite in WAL mode under ./var/, outbox SMS,
database task queue). Production overrides live in ``config.settings_production``.
"""

from __future__ import annotations

import base64
import hashlib
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SZH_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-insecure-secret-key-change-me-" + "x" * 20)
ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
SITE_URL = os.environ.get("SZH_SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks_db",
    "simple_history",
    # Domain apps, bottom layer first. See ARCHITECTURE.md.
    "suzhaohuo.core",
    "suzhaohuo.kernel",
    "suzhaohuo.regions",
    "suzhaohuo.accounts",
    "suzhaohuo.identity",
    "suzhaohuo.workers",
    "suzhaohuo.notifications",
    "suzhaohuo.jobs",
    "suzhaohuo.search",
    "suzhaohuo.gigs",
    "suzhaohuo.agreements",
    "suzhaohuo.aggregation",
    "suzhaohuo.carriers",
    "suzhaohuo.kpi",
    "suzhaohuo.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "suzhaohuo.web.middleware.ElderModeMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "suzhaohuo.web.context_processors.site",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
DEFAULT_SQLITE = f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", DEFAULT_SQLITE), conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
            "transaction_mode": "IMMEDIATE",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (rate limits, lockouts). Shared between app processes: DB table or Redis. ---------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "szh_cache"}
    }

# --- Background tasks (Django's tasks framework) ---------------------------------------------
TASKS = {"default": {"BACKEND": os.environ.get("SZH_TASK_BACKEND", "django_tasks_db.DatabaseBackend")}}

# --- Auth ---------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
AUTHENTICATION_BACKENDS = ["suzhaohuo.accounts.backends.StaffPasswordBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- i18n ---------------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Static and media ----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Security -------------------------------------------------------------------------------------
from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
CSRF_COOKIE_HTTPONLY = False

# --- Personal data encryption (PIPL). The key MUST come from the environment in production. -----
_dev_key = base64.urlsafe_b64encode(hashlib.sha256(b"szh-dev-only-key").digest()).decode()
FIELD_ENCRYPTION_KEY = os.environ.get("SZH_FIELD_ENCRYPTION_KEY", _dev_key)
FIELD_HASH_KEY = os.environ.get("SZH_FIELD_HASH_KEY", "")  # derived from the encryption key if empty
# Ed25519 platform signing key for e-agreements (base64 raw 32-byte private key).
AGREEMENT_SIGNING_KEY = os.environ.get("SZH_AGREEMENT_SIGNING_KEY", "")

# --- SMS (pluggable; the default writes to an outbox readable in the back office) ---------------
SMS_BACKEND = os.environ.get("SZH_SMS_BACKEND", "suzhaohuo.core.sms.OutboxSmsBackend")
OTP_TTL_SECONDS = env_int("SZH_OTP_TTL_SECONDS", 300)
OTP_MAX_ATTEMPTS = 5
OTP_RATE_PER_MOBILE = (5, 3600)  # at most 5 codes per mobile per hour
OTP_RATE_PER_IP = (20, 3600)
OTP_RESEND_INTERVAL_SECONDS = 60
LOGIN_LOCKOUT = (5, 900)  # 5 wrong passwords → 15 minutes locked
CONTACT_REVEAL_RATE = (30, 86400)  # reveals of unmasked data per actor per day

# --- Identity verification -----------------------------------------------------------------------
IDENTITY_VERIFICATION_VALID_DAYS = env_int("SZH_IDENTITY_VALID_DAYS", 182)  # re-verify every 6 months
IDENTITY_REMOTE_URL = os.environ.get("SZH_IDENTITY_REMOTE_URL", "")
IDENTITY_REMOTE_TOKEN = os.environ.get("SZH_IDENTITY_REMOTE_TOKEN", "")
IDENTITY_REMOTE_TIMEOUT = 5
PRIVACY_NOTICE_VERSION = "2026-11"

# --- Deployment region (any city can deploy with its own region data) ---------------------------
SZH_CITY_CODE = os.environ.get("SZH_CITY_CODE", "321300")
SZH_REGION_CSV = os.environ.get("SZH_REGION_CSV", str(BASE_DIR / "data" / "regions" / "suqian_divisions.csv"))
# Bounding box of the deployment (WGS-84): lng_min, lat_min, lng_max, lat_max. Suqian by default.
SZH_BOUNDS = tuple(float(x) for x in os.environ.get("SZH_BOUNDS", "117.93,33.13,119.17,34.42").split(","))

# --- Jobs -----------------------------------------------------------------------------------------
JOB_DEFAULT_VALID_DAYS = env_int("SZH_JOB_DEFAULT_VALID_DAYS", 30)
JOB_MAX_VALID_DAYS = env_int("SZH_JOB_MAX_VALID_DAYS", 90)
JOB_REVIEW_ALL = env_bool("SZH_JOB_REVIEW_ALL", False)

# --- Gig transaction (suzhaohuo.gigs.conf holds the defaults) -------------------------------------
GIG_AUTO_COMPLETE_HOURS = env_int("SZH_GIG_AUTO_COMPLETE_HOURS", 24)
GIG_GEOFENCE_METERS = env_int("SZH_GIG_GEOFENCE_METERS", 500)

# --- Search and dispatch ------------------------------------------------------------------------------
SEARCH_DISPATCH_DAILY_CAP = env_int("SZH_DISPATCH_DAILY_CAP", 3)  # pushes per worker per day
SEARCH_DISPATCH_MAX_PER_JOB = env_int("SZH_DISPATCH_MAX_PER_JOB", 30)
SEARCH_QUIET_HOURS = (22, 7)  # no pushes from 22:00 to 07:00 local time

# --- Aggregation ----------------------------------------------------------------------------------------
AGGREGATION_MAX_UPLOAD_BYTES = env_int("SZH_AGGREGATION_MAX_UPLOAD_BYTES", 30 * 1024 * 1024)
AGGREGATION_PUSH_CALLS_PER_MINUTE = env_int("SZH_AGGREGATION_PUSH_CALLS_PER_MINUTE", 60)

# --- Service network coverage (plan measure 一) --------------------------------------------------------
CARRIERS_CITY_MARKET_COUNTS_FOR_COUNTY = env_bool("SZH_CITY_MARKET_COUNTS_FOR_COUNTY", False)
CARRIERS_COVERAGE_INCLUDE_SPECIAL = env_bool("SZH_COVERAGE_INCLUDE_SPECIAL", False)  # 开发区/农场 count as townships
CARRIERS_PUSH_DAILY_CAP = env_int("SZH_CARRIER_PUSH_DAILY_CAP", 3)
# Plan KPI: which job-source kinds count as third parties (aggregation.SourceKind values), and the PDF font.
KPI_THIRD_PARTY_SOURCE_KINDS = tuple(
    k for k in os.environ.get("SZH_KPI_THIRD_PARTY_KINDS", "agency,association").split(",") if k)
KPI_PDF_FONT = os.environ.get("SZH_KPI_PDF_FONT", "")
KPI_LIVE_CACHE_SECONDS = env_int("SZH_KPI_LIVE_CACHE_SECONDS", 300)  # live plan figures may be this old

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("SZH_LOG_LEVEL", "WARNING")},
}
