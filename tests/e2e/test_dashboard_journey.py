"""The dashboard in a browser: a safeguarding lead opens it from the menu, narrows it to one team over twelve
months, tries a custom period with a mistake, then follows numbers to the referrals, cases and interventions
behind them, and finds as many there as the number said. axe-core checks every page visited.

The authority is generated (reports.dataset, fictional); the lead is given the test password so they can sign in.
"""

import re

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.helpers import assert_axe_clean, assert_styled, shot, sign_in
from tests.reports.conftest import generated

pytestmark = pytest.mark.e2e


def _count(page, noun: str) -> int:
    caption = page.locator("caption").filter(has_text=re.compile(rf"^\s*[\d,]+ {noun}")).first
    return int(re.match(r"\s*([\d,]+)", caption.inner_text()).group(1).replace(",", ""))


def _stat(page, label: str):
    return page.locator(".thr-stat__link").filter(has_text=label)


def test_a_lead_reads_the_dashboard_and_follows_its_numbers(app, url):
    data = generated("JRN", 260)
    with scopes_disabled():
        data.lead.user.set_password(PASSWORD)
        data.lead.user.save(update_fields=["password"])
    sign_in(app, url, data.lead.user)

    app.get_by_role("navigation", name="Menu").get_by_role("link", name="Dashboard").click()
    app.wait_for_url(url("/dashboard/"))
    expect(app.get_by_role("heading", level=1)).to_have_text("Dashboard")
    expect(app.locator(".thr-dashboard__scope")).to_contain_text("(90 days), all teams")
    assert_styled(app)
    assert_axe_clean(app, "the dashboard")
    shot(app, "dashboard-01-default")

    app.get_by_label("Last 12 months").check()
    app.get_by_label("Team").select_option(label=data.teams["children"].name)
    app.get_by_role("button", name="Show figures").click()
    expect(app.locator(".thr-dashboard__scope")).to_contain_text(data.teams["children"].name)
    expect(app.get_by_role("img", name="Referrals month by month")).to_be_visible()
    assert_axe_clean(app, "the dashboard for one team over 12 months")
    shot(app, "dashboard-02-team")

    waiting = _stat(app, "waiting for a decision")
    number = int(waiting.locator(".thr-stat__number").inner_text().replace(",", ""))
    waiting.click()
    app.wait_for_url(re.compile(r"/referrals/\?status=open&team=\d+$"))
    assert _count(app, "referrals?") == number
    assert_axe_clean(app, "the referrals behind a number")
    shot(app, "dashboard-03-referrals")
    app.go_back()

    high = app.get_by_role("table", name="Open cases by risk level").get_by_role("link").first
    number = int(re.match(r"[\d,]+", high.inner_text()).group(0).replace(",", ""))
    high.click()
    app.wait_for_url(re.compile(r"/cases/\?risk=high&team=\d+$"))
    assert _count(app, "cases?") == number
    assert_axe_clean(app, "the cases behind a number")
    app.go_back()

    active = _stat(app, "active interventions")
    number = int(active.locator(".thr-stat__number").inner_text().replace(",", ""))
    active.click()
    app.wait_for_url(re.compile(r"/dashboard/interventions/\?state=active&team=\d+$"))
    assert _count(app, "interventions?") == number
    assert_axe_clean(app, "the interventions behind a number")
    shot(app, "dashboard-04-interventions")
    app.get_by_role("link", name="Back to the dashboard").click()

    app.get_by_label("Between dates").check()
    first_day = app.get_by_role("group", name="First day")
    expect(first_day).to_be_visible()  # revealed by the radio
    first_day.get_by_label("Day").fill("1")
    first_day.get_by_label("Month").fill("4")
    first_day.get_by_label("Year").fill("2025")
    app.get_by_role("button", name="Show figures").click()
    summary = app.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the last day of the period")
    expect(app).to_have_title(re.compile(r"^Error: "))
    assert_axe_clean(app, "the dashboard with a mistake in the dates")
    shot(app, "dashboard-05-error")
