"""Fixtures for exports: files go to a temporary folder per test; Celery runs in-process (no broker in
settings_test), so a job queued on commit runs when the test's commit callbacks run."""

import http.server
import threading

import pytest

from tests.cases.conftest import agreement, away_agreement, case, children_lead, teams  # noqa: F401 (fixtures)


@pytest.fixture(autouse=True)
def export_root(settings, tmp_path):
    settings.THRESHOLD_EXPORT_ROOT = tmp_path / "exports"
    return settings.THRESHOLD_EXPORT_ROOT


class _CountingHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (the http.server name)
        self.server.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def loopback_listener():
    """An HTTP server on 127.0.0.1 that counts every request it gets (an SSRF canary)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _CountingHandler)
    server.hits = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
