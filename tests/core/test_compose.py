"""The deployment files: docker-compose.yml validates with docker-compose and runs every service with a health
check, and the Dockerfile copies every local Django app into the image."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from django.conf import settings

BASE_DIR = Path(__file__).resolve().parents[2]
SERVICES = {"postgres", "redis", "migrate", "web", "worker", "beat"}
ONE_SHOT = {"migrate"}


def _docker_compose(*args: str) -> subprocess.CompletedProcess:
    binary = shutil.which("docker-compose")
    if binary is None:
        pytest.fail("docker-compose is not installed: `make test` installs Debian's docker-compose package (as root)")
    # As on a clean clone: none of the deployment variables set (the secret files need not exist to validate).
    return subprocess.run(
        [binary, "-f", "docker-compose.yml", *args],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/local/bin:/usr/bin:/bin"},
    )


@pytest.fixture(scope="module")
def compose() -> dict:
    """The file as docker-compose resolves it (anchors merged, variables filled in)."""
    result = _docker_compose("config")
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)


def test_compose_file_validates():
    result = _docker_compose("config", "-q")

    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_compose_defines_the_six_services(compose):
    assert set(compose["services"]) == SERVICES


def test_every_long_running_service_has_a_health_check(compose):
    for name, service in compose["services"].items():
        if name in ONE_SHOT:
            assert service["restart"] == "no"
            continue
        test = service.get("healthcheck", {}).get("test")
        assert test and test[0] in ("CMD", "CMD-SHELL"), f"{name} has no health check"


def test_health_checks_ask_each_service_the_right_question(compose):
    services = compose["services"]

    assert "pg_isready" in services["postgres"]["healthcheck"]["test"]
    assert "redis-cli" in services["redis"]["healthcheck"]["test"]
    assert "/healthz" in " ".join(services["web"]["healthcheck"]["test"])
    # `config` prints the file re-escaped, so the container's $HOSTNAME shows as $$HOSTNAME.
    assert "inspect ping -d celery@$$HOSTNAME" in " ".join(services["worker"]["healthcheck"]["test"])


def test_the_app_starts_after_migrations_and_reads_secrets_from_files(compose):
    services = compose["services"]
    for name in ("web", "worker", "beat"):
        assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    for name in ("migrate", "web", "worker", "beat"):
        environment = services[name]["environment"]
        assert environment["DJANGO_SECRET_KEY_FILE"] == "/run/secrets/django_secret_key"
        assert environment["DATABASE_URL_FILE"].startswith("/run/secrets/")
        assert "DJANGO_SECRET_KEY" not in environment and "DATABASE_URL" not in environment
        assert environment["CELERY_BROKER_URL"].startswith("redis://redis:6379/")
    assert services["worker"]["command"] == ["celery", "-A", "config", "worker", "-l", "info"]
    assert services["beat"]["command"][:5] == ["celery", "-A", "config", "beat", "-l"]
    assert all(Path(secret["file"]).parent == BASE_DIR / "secrets" for secret in compose["secrets"].values())


def test_the_image_copies_every_local_app():
    dockerfile = (BASE_DIR / "Dockerfile").read_text()
    copied = set(re.findall(r"^COPY (\S+) \./\1$", dockerfile, flags=re.MULTILINE))
    local_apps = {app for app in settings.INSTALLED_APPS if (BASE_DIR / app / "apps.py").exists()}

    assert local_apps, "no local apps found"
    assert local_apps <= copied, f"Dockerfile does not COPY {sorted(local_apps - copied)}"
    assert {"config", "templates", "static"} <= copied
