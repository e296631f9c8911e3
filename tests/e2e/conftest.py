"""Browser journeys in real Chromium (Debian's build; never ``playwright install``) against ``live_server``.

Every test here is marked ``e2e``. Each page watches the browser console: a Content Security Policy violation or an
uncaught JavaScript error fails the test, because the CSP is strict (no inline scripts or styles).
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API keeps an event loop running in the main thread, which makes Django refuse ORM calls from
# the test (SynchronousOnlyOperation). The loop lives for the whole session, so this must hold for the whole run.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/lib/chromium/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HERE = Path(__file__).parent


def pytest_collection_modifyitems(items):
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}, "locale": "en-GB"}


class ConsoleWatch:
    """Console errors and uncaught exceptions seen by one or more pages."""

    def __init__(self):
        self.errors = []

    def attach(self, page):
        page.on("console", lambda msg: msg.type == "error" and self.errors.append(f"{page.url}: {msg.text}"))
        page.on("pageerror", lambda exc: self.errors.append(f"{page.url}: uncaught {exc}"))
        return page

    def problems(self):
        """CSP refusals and script errors. HTTP 4xx on a form page is expected and logged by Chromium, so ignored."""
        return [e for e in self.errors if "Failed to load resource: the server responded with a status of 4" not in e]


@pytest.fixture
def console():
    return ConsoleWatch()


@pytest.fixture
def app(transactional_db, live_server, page, console):
    """The page, watched for console problems, with the live server's address as ``app.url(path)``."""
    console.attach(page)
    page.set_default_timeout(10_000)
    yield page
    problems = console.problems()
    assert not problems, "Browser console problems:\n" + "\n".join(problems)


@pytest.fixture
def url(live_server):
    return lambda path="/": live_server.url + path
