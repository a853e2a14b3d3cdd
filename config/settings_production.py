"""Production settings: everything secure, secrets required from the environment."""

import os

from django.core.exceptions import ImproperlyConfigured

from config.settings import *  # noqa: F403

DEBUG = False


def _required(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise ImproperlyConfigured(f"Set the environment variable {name} for production.")
    return value


SECRET_KEY = _required("DJANGO_SECRET_KEY")
DATABASES = {"default": database_config(_required("DATABASE_URL"))}  # noqa: F405 - never SQLite by accident
if DATABASE_REPLICA_URL:  # noqa: F405
    DATABASES["replica"] = database_config(DATABASE_REPLICA_URL)  # noqa: F405
# Keep each process's connection (a new PostgreSQL backend per request costs more than a search); health
# checks drop a connection the server closed. Behind pgbouncer in transaction mode this is safe too.
for _db in DATABASES.values():
    _db["CONN_MAX_AGE"] = env_int("SZH_DB_CONN_MAX_AGE", 300)  # noqa: F405
    _db["CONN_HEALTH_CHECKS"] = True
FIELD_ENCRYPTION_KEY = _required("SZH_FIELD_ENCRYPTION_KEY")
SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
# Sessions are read from the cache (Redis) and written through to the database: a signed-in request no
# longer reads django_session, and a flushed cache only costs one database read per session.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
CSRF_COOKIE_SECURE = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Inbound SMS and voice webhooks are refused until the provider's secret is configured.
PHONE_WEBHOOK_SECRET = os.environ.get("SZH_PHONE_WEBHOOK_SECRET", "")
