import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str


@pytest.mark.parametrize("raw,expected", [("true", True), ("Yes", True), ("1", True), ("off", False), ("0", False)])
def test_booleans(monkeypatch, raw, expected):
    monkeypatch.setenv("THRESHOLD_FLAG", raw)
    assert env_bool("THRESHOLD_FLAG", not expected) is expected


def test_a_bad_boolean_raises(monkeypatch):
    monkeypatch.setenv("THRESHOLD_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="THRESHOLD_FLAG must be one of"):
        env_bool("THRESHOLD_FLAG", False)


def test_a_bad_number_raises(monkeypatch):
    monkeypatch.setenv("THRESHOLD_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        env_int("THRESHOLD_NUMBER", 1)


def test_defaults_when_unset_or_empty(monkeypatch):
    monkeypatch.delenv("THRESHOLD_UNSET", raising=False)
    monkeypatch.setenv("THRESHOLD_EMPTY", "")
    assert env_str("THRESHOLD_UNSET", "d") == "d" and env_str("THRESHOLD_EMPTY", "d") == "d"
    assert env_list("THRESHOLD_UNSET", ["a"]) == ["a"]


def test_lists_are_trimmed(monkeypatch):
    monkeypatch.setenv("THRESHOLD_HOSTS", " a.example , b.example,, ")
    assert env_list("THRESHOLD_HOSTS", []) == ["a.example", "b.example"]


def test_file_variant_wins(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("from-file\n")
    monkeypatch.setenv("THRESHOLD_SECRET", "from-env")
    monkeypatch.setenv("THRESHOLD_SECRET_FILE", str(secret))
    assert env_str("THRESHOLD_SECRET") == "from-file"


def test_unreadable_file_raises(monkeypatch, tmp_path):
    monkeypatch.setenv("THRESHOLD_SECRET_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="cannot be read"):
        env_str("THRESHOLD_SECRET")
