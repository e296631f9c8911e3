"""Steps the browser journeys share: signing in, accessibility checks, screenshots."""

import os
import re
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD, totp_now

AXE = Axe()
BROWSER_DEFAULT_BACKGROUND = "rgba(0, 0, 0, 0)"


def assert_axe_clean(page: Page, label: str) -> None:
    """Run axe-core in the page; on failure show every violation, with the elements, so it can be fixed."""
    results = AXE.run(page)
    assert results.violations_count == 0, f"axe found problems on {label} ({page.url}):\n{results.generate_report()}"


def shot(page: Page, name: str) -> None:
    """A full-page screenshot for a person to look at, only when THRESHOLD_E2E_SHOTS names a folder."""
    folder = os.environ.get("THRESHOLD_E2E_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def assert_styled(page: Page) -> None:
    """Threshold's stylesheet loaded: the header is coloured and headings use our font stack, not the defaults."""
    header = page.locator(".govuk-generic-header")
    background = header.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background != BROWSER_DEFAULT_BACKGROUND, "the header has no background: threshold.css did not load"
    font = page.locator("h1").evaluate("el => getComputedStyle(el).fontFamily")
    assert "system-ui" in font, f"the heading font is {font!r}: threshold.css did not load"


def expect_header(page: Page, authority_name: str | None = None) -> None:
    header = page.get_by_role("banner")
    expect(header.get_by_role("link", name="Threshold")).to_be_visible()
    if authority_name:
        expect(header).to_contain_text(authority_name)


def enter_password(page: Page, url, username: str, password: str = PASSWORD) -> None:
    page.goto(url("/sign-in/"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Continue").click()


def enter_code(page: Page, code: str) -> None:
    page.get_by_label("6-digit code").fill(code)
    page.get_by_role("button", name=re.compile(r"^(Sign in|Finish setting up)$")).click()


def sign_in(page: Page, url, user) -> None:
    """Both steps for someone who already has an authenticator app set up; ends on the home page."""
    enter_password(page, url, user.username)
    page.wait_for_url(url("/sign-in/code/"))
    enter_code(page, totp_now(user))
    page.wait_for_url(url("/"))


def sign_out(page: Page, url) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You have signed out")


def wrong_code_for(user) -> str:
    """A 6-digit code that is not the current one (a neighbouring step's code matches it one time in a million)."""
    return f"{(int(totp_now(user)) + 500_000) % 1_000_000:06d}"
