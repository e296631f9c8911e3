"""Test settings: the real settings, pointed at the local PostgreSQL and Redis, with fast password hashing."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-secret-key-not-for-production-" + "x" * 20)
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/threshold")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/1")
os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/2")
os.environ.setdefault("DJANGO_SECURE", "false")

from config.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests call tasks in-process unless they start a real worker (tests/exports/test_worker_drill.py does).
CELERY_TASK_ALWAYS_EAGER = True
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# One test database per test run, so that runs side by side (or a run and a worker process) never collide.
DATABASES["default"]["TEST"] = {"NAME": f"test_threshold_{os.getpid()}"}  # noqa: F405
