"""Health endpoints for load balancers and orchestrators, and the plain error pages."""

import logging

from django.conf import settings
from django.db import connection, transaction
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

BROKER_CHECK_TIMEOUT = 2  # seconds


@transaction.non_atomic_requests  # ATOMIC_REQUESTS would otherwise open a database transaction first
@never_cache
@require_GET
def healthz(request):
    """The process is up. Touches nothing else, so a database outage does not restart every web process."""
    return JsonResponse({"status": "ok"})


def _check_database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001 - any failure means "not ready"
        logger.warning("readiness: database check failed", exc_info=True)
        return False


def _check_broker() -> bool:
    from config.celery import app

    try:
        # The URL from settings, not the Celery app's copy taken at start-up, so both checks read one value.
        # One attempt with socket timeouts: without them a broker that accepts the connection but never answers
        # holds the request (and a gunicorn thread) indefinitely. The orchestrator repeats the probe anyway.
        with app.connection_for_write(
            settings.CELERY_BROKER_URL,
            connect_timeout=BROKER_CHECK_TIMEOUT,
            transport_options={"socket_connect_timeout": BROKER_CHECK_TIMEOUT, "socket_timeout": BROKER_CHECK_TIMEOUT},
        ) as conn:
            conn.ensure_connection(max_retries=0, timeout=BROKER_CHECK_TIMEOUT)
        return True
    except Exception:  # noqa: BLE001
        logger.warning("readiness: broker check failed", exc_info=True)
        return False


@transaction.non_atomic_requests  # so a database outage is a 503 from the check, not a 500 before it
@never_cache
@require_GET
def readyz(request):
    """Ready to serve: the database answers, and so does the broker when one is configured."""
    checks = {"database": "ok" if _check_database() else "unavailable"}
    if settings.CELERY_BROKER_URL:
        checks["broker"] = "ok" if _check_broker() else "unavailable"
    else:
        checks["broker"] = "not configured (tasks run in-process)"
    ready = all(value != "unavailable" for value in checks.values())
    return JsonResponse({"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def server_error(request):
    return render(request, "500.html", status=500)
