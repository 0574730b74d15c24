"""Test settings: fast hashing, captured e-mail, deterministic defaults."""

from .base import *  # noqa: F403
from .base import BASE_DIR, REST_FRAMEWORK, env

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# A worker process started by the fault tests writes its e-mail to files there,
# so the test (another process) can count what was sent.
if env("TEST_EMAIL_FILE_PATH", default=""):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env("TEST_EMAIL_FILE_PATH")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "answers": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "answers",
    },
}
LANGUAGE_CODE = "ja"
MEDIA_ROOT = BASE_DIR / ".test-media"
PRIVATE_MEDIA_ROOT = BASE_DIR / ".test-private-media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tasks run in-process unless a test opts into the real broker
# (TEST_CELERY_BROKER_URL, set by `make test` for the PostgreSQL leg).
TEST_CELERY_BROKER_URL = env("TEST_CELERY_BROKER_URL", default="")
# A worker process started by a test (see tests/conftest.py) sets
# CELERY_WORKER_UNDER_TEST=1 to talk to the real broker instead of running eagerly.
if env.bool("CELERY_WORKER_UNDER_TEST", default=False) and TEST_CELERY_BROKER_URL:
    CELERY_BROKER_URL = TEST_CELERY_BROKER_URL
    CELERY_RESULT_BACKEND = TEST_CELERY_BROKER_URL
    CELERY_TASK_IGNORE_RESULT = False
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CELERY_BROKER_URL = ""
    CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None},
}
