"""Settings shared by every environment.

Values come from the environment (django-environ); see `.env.example` for the
full list. Defaults here are safe for local use only: `production.py` refuses
to start without its secrets.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env(
    "DJANGO_SECRET_KEY", default="insecure-local-development-key-change-me"
)
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"]
)
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "accounts",
    "listings",
    "search",
    "matching",
    "marketplace",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.JapaneseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.site",
            ],
        },
    },
]

# SQLite by default (nothing to install); PostgreSQL via DATABASE_URL.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the in-process worker and the web process read while one writes.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault(
        "init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "marketplace:dashboard"
LOGOUT_REDIRECT_URL = "marketplace:home"
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env.int("PASSWORD_MIN_LENGTH", default=12)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Japanese first; every page also works in English.
LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", _("Japanese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "marketplace_language"
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Private uploads (request attachments) live outside MEDIA_ROOT and are only
# served through permission-checked views.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private_media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

EMAIL_BACKEND = env(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="開放特許マーケット <noreply@example.jp>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Rate limits count in this cache: in production it must be shared by every
# process (CACHE_URL=redis://...), which `check --deploy` insists on.
CACHES = {
    "default": env.cache("CACHE_URL", default="locmemcache://marketplace"),
}
# Answers kept for repeated searches and anonymous visitors (search results,
# rendered listing pages: config/page_cache.py). Per process by default,
# bounded by entries; a redis:// URL shares them between processes: give that
# Redis a maxmemory and an LRU eviction policy, and not the one of the rate
# limits (anyone can make entries, each with a TTL of a few minutes).
CACHES["answers"] = environ.Env.cache_url_config(
    env("ANSWER_CACHE_URL", default="") or "locmemcache://answers"
)
if CACHES["answers"]["BACKEND"].endswith("LocMemCache"):
    CACHES["answers"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 2000)
for _alias in CACHES.values():
    if _alias["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
        # The same backend, keeping one Redis client per pool (config/cache.py).
        _alias["BACKEND"] = "config.cache.RedisCache"

# --- Security -------------------------------------------------------------------
# Attempts per window ("<count>/<period>", period s/m/h/d with an optional
# multiplier: "5/15m"); empty = no limit. See accounts/ratelimit.py.
ACCOUNT_RATE_LIMITS = {
    # Every login attempt (page and API token) from one client address.
    "login_ip": env("RATE_LIMIT_LOGIN_IP", default="30/15m"),
    # Failed logins for one e-mail address from anywhere; a good login clears it.
    "login_account": env("RATE_LIMIT_LOGIN_ACCOUNT", default="5/15m"),
    "signup_ip": env("RATE_LIMIT_SIGNUP_IP", default="10/h"),
    "password_reset_ip": env("RATE_LIMIT_PASSWORD_RESET_IP", default="5/h"),
}
# Reverse proxies in front of the site: the client address is taken from
# X-Forwarded-For only this many hops deep (0 = REMOTE_ADDR; never trust a
# header a client can set itself).
NUM_PROXIES = env.int("DJANGO_NUM_PROXIES", default=0)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Strict CSP (django-csp 4): no inline script or style anywhere; JS lives in
# static/js/, CSS in static/css/. The API docs pages relax it for themselves
# only (config/urls.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# --- Celery -----------------------------------------------------------------
# Without a broker (the embedded default) tasks run in-process, so `make run`
# needs nothing else installed. Set CELERY_BROKER_URL=redis://... to use
# workers (`make worker`, `make beat`).
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A publish while the broker is down must give up fast (the task goes to the
# outbox, see config/tasks.py) so a page never hangs on Redis.
CELERY_BROKER_CONNECT_TIMEOUT = env.float("CELERY_BROKER_CONNECT_TIMEOUT", default=2.0)
CELERY_BROKER_CONNECTION_TIMEOUT = CELERY_BROKER_CONNECT_TIMEOUT
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    # Opening the producer's channel retries this often, not forever.
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
    "socket_connect_timeout": CELERY_BROKER_CONNECT_TIMEOUT,
}
# The same for a Redis result backend, when one is configured.
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = CELERY_BROKER_CONNECT_TIMEOUT
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "retry_policy": CELERY_TASK_PUBLISH_RETRY_POLICY
}
# Each app adds its periodic jobs here (name -> schedule entry).
CELERY_BEAT_SCHEDULE: dict = {
    # Tasks kept in the outbox while the broker was down (config/tasks.py).
    "accounts-replay-task-outbox": {
        "task": "accounts.replay_task_outbox",
        "schedule": 60.0,
    },
    "listings-expire-lapsed": {
        "task": "listings.expire_lapsed",
        "schedule": crontab(hour=3, minute=10),
    },
    # Full matching batch (single-flight; resumes a crashed run).
    "matching-run-full": {"task": "matching.run_full", "schedule": crontab(minute=40)},
    "search-sweep-dirty": {"task": "search.sweep_dirty", "schedule": 300.0},
    # IP landscape aggregates (a new snapshot + cache; also queued after imports).
    "search-landscape-refresh": {
        "task": "search.landscape_refresh",
        "schedule": crontab(minute="*/15"),
    },
    "marketplace-request-reminders": {
        "task": "marketplace.send_request_reminders",
        "schedule": crontab(hour=9, minute=0),
    },
    "marketplace-expire-requests": {
        "task": "marketplace.expire_inactive_requests",
        "schedule": crontab(hour=3, minute=30),
    },
    "search-send-alerts": {
        "task": "search.send_alerts",
        "schedule": crontab(hour=7, minute=0),
    },
}

# --- License requests ---------------------------------------------------------
REQUEST_REMINDER_BUSINESS_DAYS = env.int("REQUEST_REMINDER_BUSINESS_DAYS", default=5)
REQUEST_EXPIRY_WARNING_DAYS = env.int("REQUEST_EXPIRY_WARNING_DAYS", default=30)
REQUEST_EXPIRY_DAYS = env.int("REQUEST_EXPIRY_DAYS", default=45)
REQUEST_ATTACHMENT_MAX_BYTES = env.int(
    "REQUEST_ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024
)

# --- Search -------------------------------------------------------------------
SEARCH_BACKEND = env("SEARCH_BACKEND", default="database")
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", default="")
ELASTICSEARCH_INDEX_PREFIX = env("ELASTICSEARCH_INDEX_PREFIX", default="marketplace")
# Small timeouts: a slow engine must fail fast so pages can say "unavailable".
ELASTICSEARCH_TIMEOUT = env.float("ELASTICSEARCH_TIMEOUT", default=5.0)
ELASTICSEARCH_MAX_RETRIES = env.int("ELASTICSEARCH_MAX_RETRIES", default=1)
# Dotted path of an elastic_transport node class (tests only; empty = default).
ELASTICSEARCH_NODE_CLASS = env("ELASTICSEARCH_NODE_CLASS", default="")
# Seconds a web process keeps the landscape in the cache before re-reading the
# latest snapshot (beat builds a new one every 15 minutes).
LANDSCAPE_CACHE_SECONDS = env.int("LANDSCAPE_CACHE_SECONDS", default=300)
# Seconds a listing page / API answer rendered for anonymous visitors may be
# reused while none of its listings or labels changed (config/page_cache.py);
# 0 = off. A label change reaches other processes through the default cache:
# when that cache is per process (locmem, the local default), a command run
# beside `make run` could otherwise leave old labels on pages for long.
ANONYMOUS_CACHE_SECONDS = env.int(
    "ANONYMOUS_CACHE_SECONDS",
    default=60 if CACHES["default"]["BACKEND"].endswith("LocMemCache") else 600,
)

# --- Matching -------------------------------------------------------------------
MATCHING_STORE_TOP = env.int("MATCHING_STORE_TOP", default=20)
MATCHING_LISTING_CAP = env.int("MATCHING_LISTING_CAP", default=5)
MATCHING_QUEUE_THRESHOLD = env.float("MATCHING_QUEUE_THRESHOLD", default=0.5)
MATCHING_CHUNK_SIZE = env.int("MATCHING_CHUNK_SIZE", default=500)
MATCHING_PARALLEL = env.int("MATCHING_PARALLEL", default=4)
MATCHING_RUN_STALE_SECONDS = env.int("MATCHING_RUN_STALE_SECONDS", default=900)
MATCHING_QUEUE_ON_CHANGE = env.bool("MATCHING_QUEUE_ON_CHANGE", default=True)

# --- API ----------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticatedOrReadOnly"
    ],
    "DEFAULT_PAGINATION_CLASS": "config.api.StandardPagination",
    "PAGE_SIZE": 20,
    # drf-spectacular's AutoSchema plus the documented JSON error responses.
    "DEFAULT_SCHEMA_CLASS": "config.api_schema.AutoSchema",
    "EXCEPTION_HANDLER": "config.api.exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_THROTTLE_ANON", default="120/min") or None,
        "user": env("API_THROTTLE_USER", default="600/min") or None,
    },
    "NUM_PROXIES": NUM_PROXIES,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Open Patent Marketplace API (開放特許マーケット)",
    "DESCRIPTION": "Listings, search, matching and license requests.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "LicenseRequestStatusEnum": "marketplace.constants.RequestStatus",
        "MembershipStatusEnum": "accounts.constants.MembershipStatus",
    },
}

# --- Marketplace policy -----------------------------------------------------------
INVITATION_VALID_DAYS = env.int("INVITATION_VALID_DAYS", default=14)
# Largest listing import file: the command, and an upload on the import page.
LISTINGS_IMPORT_MAX_BYTES = env.int(
    "LISTINGS_IMPORT_MAX_BYTES", default=200 * 1024 * 1024
)
LISTINGS_IMPORT_UPLOAD_MAX_BYTES = env.int(
    "LISTINGS_IMPORT_UPLOAD_MAX_BYTES", default=20 * 1024 * 1024
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # The Elasticsearch client logs every request at INFO.
        "elastic_transport": {"level": "WARNING"},
    },
}
if CELERY_TASK_ALWAYS_EAGER:
    # Embedded mode: tasks run inline, so a line per task is noise, and
    # Celery builds an unused producer whose empty broker URL kombu warns about.
    LOGGING["loggers"]["celery.app.trace"] = {"level": "WARNING"}
    LOGGING["loggers"]["kombu.connection"] = {"level": "ERROR"}
