"""Production settings: `check --deploy` is clean, and a missing or malformed setting stops start-up plainly.

Each test starts `manage.py` in a fresh process with only the variables it names, so nothing from the test
settings (or the developer's shell) leaks in.
"""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    base = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "DJANGO_SETTINGS_MODULE": "config.settings"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=base | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _production_env() -> dict[str, str]:
    return {
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "threshold.example.org",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
    }


def test_deploy_check_is_clean_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **_production_env())

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_start_up_without_a_secret_key_names_the_variable():
    env = _production_env()
    del env["DJANGO_SECRET_KEY"]

    result = _manage("check", **env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_a_malformed_boolean_is_refused_with_a_clear_message():
    result = _manage("check", DJANGO_DEBUG="maybe", **_production_env())

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_DEBUG must be one of" in result.stderr
    assert "'maybe'" in result.stderr


def test_secrets_can_come_from_files(tmp_path):
    env = _production_env()
    secret_file = tmp_path / "django_secret_key"
    secret_file.write_text(env.pop("DJANGO_SECRET_KEY") + "\n")

    result = _manage("check", "--deploy", "--fail-level", "WARNING", DJANGO_SECRET_KEY_FILE=str(secret_file), **env)

    assert result.returncode == 0, result.stdout + result.stderr


def test_an_unreadable_secret_file_is_refused():
    result = _manage(
        "check",
        DJANGO_SECRET_KEY_FILE="/nonexistent/django_secret_key",
        **{k: v for k, v in _production_env().items() if k != "DJANGO_SECRET_KEY"},
    )

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY_FILE points at '/nonexistent/django_secret_key'" in result.stderr


def test_the_readme_lists_every_environment_variable():
    settings_source = (BASE_DIR / "config" / "settings.py").read_text()
    variables = set(re.findall(r"env_(?:str|bool|int|list)\(\s*\"([A-Z0-9_]+)\"", settings_source))
    readme = (BASE_DIR / "README.md").read_text()
    listed = set(re.findall(r"^\| `([A-Z0-9_]+)` \|", readme, flags=re.MULTILINE))

    assert len(variables) > 20
    assert variables <= listed, f"README.md does not list {sorted(variables - listed)}"
