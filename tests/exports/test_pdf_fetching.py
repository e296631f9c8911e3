"""Documents fetch nothing but Threshold's own static files: free text cannot make the renderer reach the network
or read the disk, and even markup that tried would be refused by the fetcher (counted by a loopback listener)."""

import pytest
from django.template import engines

from exports import pdf
from exports.pdf import StaticOnlyFetcher, render_pdf

ATTEMPTS = [
    '<img src="http://127.0.0.1:{port}/img.png">',
    '<link rel="stylesheet" href="http://127.0.0.1:{port}/style.css">',
    '<div style="background: url(http://127.0.0.1:{port}/bg.png)">x</div>',
    '<style>@import url("http://127.0.0.1:{port}/import.css");</style>',
    '<img src="file:///etc/passwd">',
    '<link rel="stylesheet" href="file:///etc/passwd">',
    '<object data="http://127.0.0.1:{port}/object"></object>',
    '<img src="/static/../../../../etc/passwd">',
]


def _payload(port):
    return "".join(attempt.format(port=port) for attempt in ATTEMPTS)


@pytest.fixture
def raw_template(settings, tmp_path):
    """A template that prints its input unescaped (as no Threshold template does), to test the second wall."""
    folder = tmp_path / "templates"
    (folder / "exports").mkdir(parents=True)
    (folder / "exports" / "raw.html").write_text(
        '{% extends "exports/pdf/base.html" %}{% block body %}<h1>Raw</h1>{{ payload|safe }}{% endblock %}')
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [folder, *settings.TEMPLATES[0]["DIRS"]]}]
    engines._engines = {}
    engines.__dict__.pop("templates", None)
    yield "exports/raw.html"
    engines._engines = {}
    engines.__dict__.pop("templates", None)


def test_unescaped_markup_fetches_nothing_and_every_attempt_is_refused(raw_template, loopback_listener):
    content, refused = render_pdf(raw_template, {"payload": _payload(loopback_listener.server_port)},
                                  title="Test document")
    assert content.startswith(b"%PDF-")
    assert loopback_listener.hits == []
    assert refused >= 6  # the stylesheet of the document itself was fetched; every attempt was not


def test_escaped_free_text_is_only_text(loopback_listener):
    payload = _payload(loopback_listener.server_port)
    content, refused = render_pdf("exports/pdf/audit_trail.html", {
        "job": {"public_id": "0" * 32, "params": {"from": "2026-01-01", "to": "2026-01-02"}},
        "rows": [{"event": {"sequence": 1, "actor_label": payload, "target_label": payload}, "label": payload,
                  "verified": True}],
        "verification": {"range_intact": True, "summary": payload}, "authority": {"name": payload},
        "requested_by": {"get_username": payload}, "generated_at": None}, title="Test document")
    assert content.startswith(b"%PDF-") and loopback_listener.hits == [] and refused == 0


@pytest.mark.parametrize("url", [
    f"{pdf.DOCUMENT_ORIGIN}/static/pdf/document.css",
])
def test_our_own_static_files_are_served(url):
    response = StaticOnlyFetcher().fetch(url)
    assert b"OFFICIAL-SENSITIVE" in response.read()
    response.close()


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/static/pdf/document.css",
    "https://threshold-document.invalid.example.org/static/pdf/document.css",
    f"{pdf.DOCUMENT_ORIGIN}/static/../config/settings.py",
    f"{pdf.DOCUMENT_ORIGIN}/static/%2e%2e/config/settings.py",
    f"{pdf.DOCUMENT_ORIGIN}/media/anything.png",
    f"{pdf.DOCUMENT_ORIGIN}/static/pdf/document.css?x=1",
    "file:///etc/passwd",
    "data:text/css,body{}",
])
def test_everything_else_is_refused(url):
    fetcher = StaticOnlyFetcher()
    with pytest.raises(pdf.RefusedURL):
        fetcher.fetch(url)
    assert fetcher.refused == 1
