"""Settings for 速找活, read from the environment.

Defaults give a working laptop setup (SQLite in WAL mode under ./var/, outbox SMS,
database task queue). Production overrides live in ``config.settings_production``.
"""

from __future__ import annotations

import base64
import hashlib
import os
from pathlib import Path
from typing import Any

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
    "suzhaohuo.ops",
    "suzhaohuo.regions",
    "suzhaohuo.accounts",
    "suzhaohuo.identity",
    "suzhaohuo.workers",
    "suzhaohuo.notifications",
    "suzhaohuo.jobs",
    "suzhaohuo.search",
    "suzhaohuo.gigs",
    "suzhaohuo.agreements",
    "suzhaohuo.matching",
    "suzhaohuo.aggregation",
    "suzhaohuo.carriers",
    "suzhaohuo.phone",
    "suzhaohuo.disputes",
    "suzhaohuo.regulation",
    "suzhaohuo.training",
    "suzhaohuo.protection",
    "suzhaohuo.assistance",
    "suzhaohuo.kpi",
    "suzhaohuo.web",
]

MIDDLEWARE = [
    "suzhaohuo.ops.middleware.RequestIdMetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "suzhaohuo.core.middleware.BadTextMiddleware",
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
    "suzhaohuo.web.middleware.AppErrorPageMiddleware",
    "suzhaohuo.web.middleware.SiteUrlMiddleware",
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


def database_config(url: str | None) -> dict[str, Any]:
    """Parse DATABASE_URL, failing with one clear line (an empty value or an unknown scheme is a mistake,
    not a reason to fall back to SQLite)."""
    from django.core.exceptions import ImproperlyConfigured

    if url is None:
        url = DEFAULT_SQLITE
    if not url.strip():
        raise ImproperlyConfigured("DATABASE_URL 为空：请设为 postgres://用户:密码@主机:5432/库名，或删除该变量以使用本地 SQLite。")
    try:
        return dict(dj_database_url.parse(url.strip(), conn_max_age=60))
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL 无法识别（{exc}）：请写成 postgres://用户:密码@主机:5432/库名。") from exc


DATABASES = {"default": database_config(os.environ.get("DATABASE_URL"))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
            "transaction_mode": "IMMEDIATE",
        }
    )
# Behind pgbouncer in transaction mode: no server-side cursors (they need a session); see deploy/README.md.
if env_bool("SZH_PGBOUNCER") and DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
# A streaming replica for heavy read-only work (search, recommendations, KPI, exports); see suzhaohuo.ops.router.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = database_config(DATABASE_REPLICA_URL)
DATABASE_ROUTERS = ["suzhaohuo.ops.router.ReplicaRouter"]
REPLICA_MAX_LAG_SECONDS = float(os.environ.get("SZH_REPLICA_MAX_LAG_SECONDS", "5"))
REPLICA_STICKY_SECONDS = env_int("SZH_REPLICA_STICKY_SECONDS", 10)
REPLICA_CHECK_SECONDS = float(os.environ.get("SZH_REPLICA_CHECK_SECONDS", "5"))
# GET requests to these paths (shell-style patterns) are heavy read-only work that may use the replica.
REPLICA_READ_PATHS = ["/search/*", "/api/v1/jobs/search*", "/api/v1/workers/me/recommendations*", "/kpi/*",
                      "/api/v1/kpi/*", "*.xlsx", "*.pdf", "/carriers/coverage*", "/api/v1/coverage*"]
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
# The database queue is the embedded default; with REDIS_URL the queue is Redis Streams (django-tasks-redis,
# ADR 0012). `manage.py run_worker` starts the right worker for either.
TASK_BACKEND_REDIS = "django_tasks_redis.RedisTaskBackend"
TASK_BACKEND_DB = "django_tasks_db.DatabaseBackend"
_task_backend = os.environ.get("SZH_TASK_BACKEND") or (TASK_BACKEND_REDIS if REDIS_URL else TASK_BACKEND_DB)
TASKS: dict[str, dict[str, object]] = {"default": {"BACKEND": _task_backend}}
if _task_backend == TASK_BACKEND_REDIS:
    INSTALLED_APPS.append("django_tasks_redis")
    TASKS["default"].update(QUEUES=[], OPTIONS={
        "REDIS_URL": os.environ.get("SZH_TASK_REDIS_URL", REDIS_URL),
        "REDIS_KEY_PREFIX": os.environ.get("SZH_TASK_REDIS_PREFIX", "szh_tasks"),
        "REDIS_CLAIM_TIMEOUT": env_int("SZH_TASK_CLAIM_TIMEOUT", 900),  # longer than the longest import chunk
        "REDIS_SOCKET_CONNECT_TIMEOUT": 5,
        "REDIS_HEALTH_CHECK_INTERVAL": 30,
    })

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
MEDIA_ROOT = Path(os.environ.get("SZH_MEDIA_ROOT", VAR_DIR / "media"))
# uploads with personal data; no URL, served by scoped views only
PRIVATE_MEDIA_ROOT = Path(os.environ.get("SZH_PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
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
# Previous keys, newest first, kept while `manage.py field_key_rotate` re-encrypts (ADR 0003).
FIELD_ENCRYPTION_OLD_KEYS = [k for k in os.environ.get("SZH_FIELD_ENCRYPTION_OLD_KEYS", "").split(",") if k]
FIELD_HASH_KEY = os.environ.get("SZH_FIELD_HASH_KEY", "")  # derived from the original encryption key if empty
# Ed25519 platform signing key for e-agreements (base64 raw 32-byte private key).
AGREEMENT_SIGNING_KEY = os.environ.get("SZH_AGREEMENT_SIGNING_KEY", "")
# Retired signing keys (their PUBLIC keys, base64 raw 32 bytes, comma-separated): seals made under them still
# verify after a rotation (`manage.py rotate_agreement_signing_key`, deploy/README.md "Keys").
AGREEMENT_SIGNING_KEYS_RETIRED = [k.strip() for k in os.environ.get("SZH_AGREEMENT_SIGNING_KEYS_RETIRED", "").split(",")
                                  if k.strip()]
# Server key for the 6-character check code printed on agreements (derived from SECRET_KEY if empty).
AGREEMENT_CHECK_CODE_KEY = os.environ.get("SZH_AGREEMENT_CHECK_CODE_KEY", "")
# Signed chain-head checkpoints: the append-only file, how often the scheduler writes one, and the RFC 3161
# time-stamping authority (empty URL: the built-in local TSA, key SZH_AGREEMENT_TSA_KEY or derived).
AGREEMENT_CHECKPOINT_FILE = Path(os.environ.get("SZH_AGREEMENT_CHECKPOINT_FILE", VAR_DIR / "chain-checkpoints.jsonl"))
AGREEMENT_CHECKPOINT_EVERY_SECONDS = env_int("SZH_AGREEMENT_CHECKPOINT_EVERY_SECONDS", 3600)
AGREEMENT_TSA_URL = os.environ.get("SZH_AGREEMENT_TSA_URL", "")
AGREEMENT_TSA_KEY = os.environ.get("SZH_AGREEMENT_TSA_KEY", "")

# --- SMS (pluggable; the default writes to an outbox readable in the back office) ---------------
SMS_BACKEND = os.environ.get("SZH_SMS_BACKEND", "suzhaohuo.core.sms.OutboxSmsBackend")
# A real gateway (SZH_SMS_BACKEND=suzhaohuo.core.sms.HttpSmsBackend); see deploy/README.md.
SMS_GATEWAY_NAME = os.environ.get("SZH_SMS_GATEWAY_NAME", "http")
SMS_GATEWAY_URL = os.environ.get("SZH_SMS_GATEWAY_URL", "")
SMS_GATEWAY_KEY_ID = os.environ.get("SZH_SMS_GATEWAY_KEY_ID", "")
SMS_GATEWAY_SECRET = os.environ.get("SZH_SMS_GATEWAY_SECRET", "")
SMS_GATEWAY_PER_SECOND = env_int("SZH_SMS_GATEWAY_PER_SECOND", 20)
SMS_SIGN_NAME = os.environ.get("SZH_SMS_SIGN_NAME", "速找活")
OTP_TTL_SECONDS = env_int("SZH_OTP_TTL_SECONDS", 300)
OTP_MAX_ATTEMPTS = 5
OTP_RATE_PER_MOBILE = (5, 3600)  # at most 5 codes per mobile per hour
OTP_RATE_PER_IP = (200, 3600)  # sized for carrier NAT and shared station Wi-Fi; the per-mobile limit does the work
OTP_RESEND_INTERVAL_SECONDS = 60
LOGIN_LOCKOUT = (5, 900)  # 5 wrong passwords from one address → that address locked for this username 15 min
LOGIN_DELAY_AFTER = 10  # wrong passwords for a username from any address before the progressive delay starts
LOGIN_DELAY_MAX_SECONDS = 60
IDENTITY_SUBMIT_RATE = (5, 3600)  # real-name submissions per account per hour
IDENTITY_SUBMIT_RATE_PER_IP = (100, 3600)
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
SZH_REGION_ALIASES = os.environ.get("SZH_REGION_ALIASES", str(BASE_DIR / "data" / "regions" / "suqian_aliases.csv"))
# Township seat points (WGS-84) for coordinates-only postings; "" ships none (a city supplies its own file).
SZH_REGION_POINTS = os.environ.get("SZH_REGION_POINTS",
                                   str(BASE_DIR / "data" / "regions" / "suqian_township_points.csv"))
# Bounding box of the deployment (WGS-84): lng_min, lat_min, lng_max, lat_max. Suqian by default.
SZH_BOUNDS = tuple(float(x) for x in os.environ.get("SZH_BOUNDS", "117.93,33.13,119.17,34.42").split(","))
# Coordinates-only postings resolve to the nearest township centroid no farther than this (km); else held.
SZH_NEAREST_TOWNSHIP_MAX_KM = float(os.environ.get("SZH_NEAREST_TOWNSHIP_MAX_KM", "6"))

# --- Jobs -----------------------------------------------------------------------------------------
JOB_DEFAULT_VALID_DAYS = env_int("SZH_JOB_DEFAULT_VALID_DAYS", 30)
JOB_MAX_VALID_DAYS = env_int("SZH_JOB_MAX_VALID_DAYS", 90)
JOB_REVIEW_ALL = env_bool("SZH_JOB_REVIEW_ALL", False)

# --- Gig transaction (suzhaohuo.gigs.conf holds the defaults) -------------------------------------
GIG_AUTO_COMPLETE_HOURS = env_int("SZH_GIG_AUTO_COMPLETE_HOURS", 24)
GIG_GEOFENCE_METERS = env_int("SZH_GIG_GEOFENCE_METERS", 500)

# --- Matching: dispatch and station pushes --------------------------------------------------------------
# pushes per worker per day, automatic dispatch and station pushes together (one cap, matching.services)
PUSH_DAILY_CAP = env_int("SZH_PUSH_DAILY_CAP", env_int("SZH_DISPATCH_DAILY_CAP", 3))
# ranked search candidates (not personal) shared through the cache for this long; hidden postings are
# removed per user afterwards (search.selectors._from_candidates). 0 turns it off.
# retention of the append-only logs in months (core.partitions.logs_maintain, daily; 0 keeps everything)
AUDIT_RETENTION_MONTHS = env_int("SZH_AUDIT_RETENTION_MONTHS", 36)
PII_LOG_RETENTION_MONTHS = env_int("SZH_PII_LOG_RETENTION_MONTHS", 36)
SEARCH_CANDIDATE_CACHE_SECONDS = env_int("SZH_SEARCH_CANDIDATE_CACHE_SECONDS", 30)
# anonymous search API answers cached whole (search.api), keyed by the query and the index version
SEARCH_ANON_CACHE_SECONDS = env_int("SZH_SEARCH_ANON_CACHE_SECONDS", 30)
SEARCH_DISPATCH_MAX_PER_JOB = env_int("SZH_DISPATCH_MAX_PER_JOB", 30)
SEARCH_QUIET_HOURS = (22, 7)  # no pushes from 22:00 to 07:00 local time

# --- Aggregation ----------------------------------------------------------------------------------------
AGGREGATION_MAX_UPLOAD_BYTES = env_int("SZH_AGGREGATION_MAX_UPLOAD_BYTES", 30 * 1024 * 1024)
AGGREGATION_PUSH_CALLS_PER_MINUTE = env_int("SZH_AGGREGATION_PUSH_CALLS_PER_MINUTE", 60)

# --- Service network coverage (plan measure 一) --------------------------------------------------------
CARRIERS_CITY_MARKET_COUNTS_FOR_COUNTY = env_bool("SZH_CITY_MARKET_COUNTS_FOR_COUNTY", False)
CARRIERS_COVERAGE_INCLUDE_SPECIAL = env_bool("SZH_COVERAGE_INCLUDE_SPECIAL", False)  # 开发区/农场 count as townships

LOG_FORMAT = os.environ.get("SZH_LOG_FORMAT", "text")  # "json" for one JSON object per line (production)
# Protection (issue #16): insurer adapters by name; products name one. "local" issues policy numbers itself.
PROTECTION_INSURERS: dict[str, dict[str, Any]] = {"local": {"kind": "local"}}
if os.environ.get("SZH_INSURER_HTTP_URL"):
    PROTECTION_INSURERS["http"] = {"kind": "http", "url": os.environ["SZH_INSURER_HTTP_URL"],
                                   "token": os.environ.get("SZH_INSURER_HTTP_TOKEN", "")}
# Assistance (issue #16): 公益性岗位 term limits and the bounded priority for difficulty persons (see its README).
ASSISTANCE_WELFARE_TERM_MONTHS = env_int("SZH_WELFARE_TERM_MONTHS", 36)
ASSISTANCE_WELFARE_EXTENSION_YEARS = env_int("SZH_WELFARE_EXTENSION_YEARS", 5)  # to retirement: may extend
ASSISTANCE_WELFARE_ALERT_DAYS = env_int("SZH_WELFARE_ALERT_DAYS", 60)
ASSISTANCE_RETIREMENT_AGE = {"M": 60, "F": 55}  # simplified; the 2025 gradual reform is city configuration
ASSISTANCE_PRIORITY_PUSHES_PER_DAY = env_int("SZH_ASSISTANCE_PRIORITY_PUSHES_PER_DAY", 2)
CARRIERS_PUSH_DAILY_CAP = env_int("SZH_CARRIER_PUSH_DAILY_CAP", 3)
# Plan KPI: which job-source kinds count as third parties (aggregation.SourceKind values).
KPI_THIRD_PARTY_SOURCE_KINDS = tuple(
    k for k in os.environ.get("SZH_KPI_THIRD_PARTY_KINDS", "agency,association").split(",") if k)
# The Chinese font embedded in generated PDFs (core.fonts); empty: found in the fonts package (fonts-noto-cjk).
PDF_CJK_FONT = os.environ.get("SZH_PDF_FONT") or os.environ.get("SZH_KPI_PDF_FONT", "")
KPI_LIVE_CACHE_SECONDS = env_int("SZH_KPI_LIVE_CACHE_SECONDS", 300)  # live plan figures may be this old

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "suzhaohuo.ops.logging.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "suzhaohuo.ops.logging.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"],
                             "formatter": "json" if LOG_FORMAT == "json" else "text"}},
    "root": {"handlers": ["console"], "level": os.environ.get("SZH_LOG_LEVEL", "WARNING")},
}

# --- Work without a smartphone: SMS and voice (issue #20) --------------------------------------------------
PHONE_HELPLINE = os.environ.get("SZH_PHONE_HELPLINE", "12333")  # said when no station phone is known
PHONE_SMS_DAILY_REPLIES = env_int("SZH_PHONE_SMS_DAILY_REPLIES", 30)  # per number: the worker's and bureau's cost
PHONE_WEBHOOK_SECRET = os.environ.get("SZH_PHONE_WEBHOOK_SECRET", "dev-phone-webhook-secret")
TTS_COMMAND = os.environ.get("SZH_TTS_COMMAND", "espeak-ng")
TTS_VOICE = os.environ.get("SZH_TTS_VOICE", "cmn")

# --- Operations: metrics are served only to these networks, or with the bearer token ------------------
METRICS_TOKEN = os.environ.get("SZH_METRICS_TOKEN", "")
METRICS_ALLOWED_NETWORKS = [n for n in os.environ.get("SZH_METRICS_NETWORKS", "127.0.0.0/8,::1/128").split(",") if n]
