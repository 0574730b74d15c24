"""The Celery application.

Configuration is read from Django settings (CELERY_* names). With no broker
configured, tasks run in-process (CELERY_TASK_ALWAYS_EAGER), so the embedded
default needs no Redis.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("marketplace")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
