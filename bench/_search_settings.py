"""Settings for the search benchmark's gunicorn server: the app's settings, production-like.

DEBUG off, persistent database connections (one per worker process, opened once, PRAGMAs run once) and a
process-local cache, as production runs with Redis rather than a cache table. Only the benchmark uses this.
"""

import os

from config.settings import *  # noqa: F403

DEBUG = False
DATABASES["default"]["CONN_MAX_AGE"] = None  # noqa: F405 - keep the connection for the process's life
DATABASES["default"]["CONN_HEALTH_CHECKS"] = False  # noqa: F405
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# anonymous result cache (search.api): BENCH_SEARCH_CACHE=0 measures the engine alone
SEARCH_ANON_CACHE_SECONDS = int(os.environ.get("BENCH_SEARCH_CACHE", "30"))
