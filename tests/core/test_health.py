"""/healthz (the process is up) and /readyz (the database and the broker answer), against the real services."""

import socket
import time

import pytest

UNREACHABLE_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.mark.django_db
def test_healthz_says_ok_without_any_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_does_not_connect_to_the_database(client):
    # No django_db mark: pytest-django refuses any database connection, as an outage would.
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_healthz_refuses_post(client):
    response = client.post("/healthz")

    assert response.status_code == 405


@pytest.mark.django_db
def test_readyz_reports_database_and_broker_ok(client, settings):
    assert settings.CELERY_BROKER_URL == "redis://127.0.0.1:6379/2"

    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "broker": "ok"}}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_reports_an_unreachable_broker_quickly(client, settings):
    settings.CELERY_BROKER_URL = UNREACHABLE_BROKER

    started = time.monotonic()
    response = client.get("/readyz")
    elapsed = time.monotonic() - started

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "checks": {"database": "ok", "broker": "unavailable"}}
    assert elapsed < 5, f"/readyz took {elapsed:.1f} s with the broker down"


@pytest.mark.django_db
def test_readyz_gives_up_on_a_broker_that_never_answers(client, settings):
    # A socket that accepts connections (the kernel completes the handshake) but never replies, like a stuck broker.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{silent.getsockname()[1]}/0"

        started = time.monotonic()
        response = client.get("/readyz")
        elapsed = time.monotonic() - started

    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == "unavailable"
    assert elapsed < 6, f"/readyz took {elapsed:.1f} s with a silent broker"


@pytest.mark.django_db
def test_readyz_without_a_broker_reports_in_process_tasks(client, settings):
    settings.CELERY_BROKER_URL = None

    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json()["checks"]["broker"] == "not configured (tasks run in-process)"


def test_readyz_refuses_post(client):
    response = client.post("/readyz")

    assert response.status_code == 405
