"""A case from allocation to closure: a safeguarding lead makes a practitioner the lead worker of a new case; the
practitioner finds it in My caseload, records an assessment, starts the support plan, adds a mentoring intervention,
records a session, ends it with its outcome and proposes closing the case; a manager approves the closure from the
list of closures waiting, and the case shows closed with its two reviews after closure booked.

Different people sign in, once each, so no authenticator code is used twice. axe-core checks every page visited.
"""

import re

import pytest
from dateutil.relativedelta import relativedelta
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from cases.services._common import today
from consensus.models import AssessmentFactor
from tests.cases.conftest import case  # noqa: F401  (fixture)
from tests.e2e.helpers import assert_axe_clean, assert_styled, shot, sign_in, sign_out
from tests.referrals.conftest import agreement, teams  # noqa: F401  (fixtures)

pytestmark = pytest.mark.e2e

PROVIDER = "Testtown Mentoring Partnership"
SUMMARY = ("Jamie is angry about being excluded at school and has been watching a far-right streamer every night. "
           "No stated intent to harm; his mum and his form tutor are worried and want to help.")
CLOSING = ("The mentoring met its aims early. Jamie no longer follows the streamer, is back in full-time lessons "
           "and knows who to talk to. The school keeps an eye on him.")


def _menu(page):
    return page.get_by_role("navigation", name="Menu")


def _banner(page):
    return page.locator(".govuk-notification-banner--success")


def _summary(page, key: str):
    """The value of one row of the case's summary list."""
    row = page.locator(".govuk-summary-list__row").filter(has=page.locator("dt", has_text=re.compile(f"^{key}$")))
    return row.locator("dd")


def _long(day) -> str:
    return f"{day.day} {day:%B %Y}"


def _fill_date(page, group: str, day) -> None:
    fields = page.get_by_role("group", name=group)
    fields.get_by_label("Day").fill(str(day.day))
    fields.get_by_label("Month").fill(str(day.month))
    fields.get_by_label("Year").fill(str(day.year))


def _lead_assigns(app, url, lead, practitioner, reference) -> None:
    sign_in(app, url, lead.user)
    _menu(app).get_by_role("link", name="Cases", exact=True).click()
    app.wait_for_url(url("/cases/"))
    expect(app.get_by_role("heading", level=1)).to_have_text("Cases")
    row = app.get_by_role("row").filter(has_text=reference)
    expect(row).to_contain_text("Open")
    assert_styled(app)
    assert_axe_clean(app, "the leads' list of cases")
    shot(app, "case-01-cases")

    row.get_by_role("link", name=reference).click()
    app.wait_for_url(re.compile(r"/cases/\d+/$"))
    expect(app.get_by_role("heading", level=1)).to_have_text(reference)
    expect(_summary(app, "Lead worker")).to_have_text("Not allocated yet")
    expect(_summary(app, "Status")).to_have_text("Open")
    assert_axe_clean(app, "the case page (lead, no lead worker)")
    app.get_by_role("link", name="Choose a lead worker").click()

    app.wait_for_url(re.compile(r"/cases/\d+/assign/$"))
    expect(app.get_by_role("heading", level=1)).to_have_text("Choose a lead worker")
    app.get_by_label("Lead worker").select_option(value=str(practitioner.user_id))
    assert_axe_clean(app, "choosing the lead worker")
    shot(app, "case-02-assign")
    app.get_by_role("button", name="Save").click()

    app.wait_for_url(re.compile(r"/cases/\d+/$"))
    expect(_banner(app)).to_contain_text(f"{practitioner.user} is now the lead worker.")
    expect(_summary(app, "Lead worker")).to_have_text(str(practitioner.user))
    assert_axe_clean(app, "the case page after allocation")
    sign_out(app, url)


def _practitioner_assesses(app, url, practitioner, reference, factors) -> None:
    sign_in(app, url, practitioner.user)
    _menu(app).get_by_role("link", name="My caseload").click()
    app.wait_for_url(url("/cases/"))
    expect(app.get_by_role("heading", level=1)).to_have_text("My caseload")
    row = app.get_by_role("row").filter(has_text=reference)
    expect(row).to_contain_text("Assessment due")
    assert_axe_clean(app, "my caseload")
    shot(app, "case-03-caseload")
    row.get_by_role("link", name=reference).click()

    app.wait_for_url(re.compile(r"/cases/\d+/$"))
    expect(app.get_by_role("heading", level=1)).to_have_text(reference)
    assert_axe_clean(app, "the case page (lead worker)")
    app.get_by_role("link", name="Record an assessment").click()

    app.wait_for_url(re.compile(r"/cases/\d+/assessments/new/$"))
    expect(app.get_by_role("heading", level=1)).to_have_text("Record an assessment")
    for label, rating in zip(factors, ["Moderate", "Moderate", "Low", "None", "None", "Low"], strict=False):
        app.get_by_role("group", name=label).get_by_label(rating, exact=True).check()
    app.get_by_label("Summary", exact=True).fill(SUMMARY)
    app.get_by_label("Plan", exact=True).fill("Weekly mentoring for six weeks; keep in touch with his mum and the "
                                              "school. Review in twelve weeks.")
    app.get_by_role("group", name="Overall risk").get_by_label("Medium", exact=True).check()
    assert_axe_clean(app, "the assessment form, filled in")
    shot(app, "case-04-assessment")
    app.get_by_role("button", name="Record assessment").click()

    app.wait_for_url(re.compile(r"/cases/\d+/assessments/\d+/$"))
    expect(_banner(app)).to_contain_text("Assessment recorded. Overall risk: Medium")
    assert_axe_clean(app, "the assessment")
    app.get_by_role("link", name="Back to the case").click()

    app.wait_for_url(re.compile(r"/cases/\d+/$"))
    expect(_summary(app, "Status")).to_have_text("Assessment")
    expect(_summary(app, "Risk level")).to_have_text("Medium, from the latest assessment")
    app.get_by_role("button", name="Start the support plan").click()
    expect(_banner(app)).to_contain_text("The support plan has started.")
    expect(_summary(app, "Status")).to_have_text("Support")
    assert_axe_clean(app, "the case page in support")
    shot(app, "case-05-support")


def _practitioner_works_and_proposes(app, url, reference) -> None:
    app.get_by_role("link", name="Add an intervention").click()
    app.wait_for_url(re.compile(r"/cases/\d+/interventions/new/$"))
    expect(app.get_by_role("heading", level=1)).to_have_text("Add an intervention")
    app.get_by_label("Mentoring (including ideological mentoring)").check()
    app.get_by_label("Provider").fill(PROVIDER)
    app.get_by_label("Planned sessions").fill("6")
    _fill_date(app, "Start date", today())
    assert_axe_clean(app, "the intervention form, filled in")
    shot(app, "case-06-intervention")
    app.get_by_role("button", name="Add intervention").click()

    app.wait_for_url(re.compile(r"/cases/\d+/interventions/\d+/$"))
    expect(_banner(app)).to_contain_text(f"Intervention added: Mentoring (including ideological mentoring) by "
                                         f"{PROVIDER}")
    assert_axe_clean(app, "the intervention")
    app.get_by_role("group", name="Did they attend?").get_by_label("Yes", exact=True).check()
    app.get_by_label("Note (optional)").fill("First session at school: talked about the streamer and why he "
                                             "likes him.")
    app.get_by_role("button", name="Record session").click()
    expect(_banner(app)).to_contain_text(f"Session on {_long(today())} recorded")
    expect(app.get_by_role("table")).to_contain_text("talked about the streamer")
    expect(app.locator(".govuk-summary-list")).to_contain_text("1 delivered of 6 planned")
    assert_axe_clean(app, "the intervention with a session")
    shot(app, "case-07-session")

    app.get_by_role("link", name="End with an outcome").click()
    app.wait_for_url(re.compile(r"/cases/\d+/interventions/\d+/end/$"))
    app.get_by_label("Achieved", exact=True).check()
    app.get_by_label("What happened (optional)").fill("Completed the block early: the aims were met.")
    assert_axe_clean(app, "ending the intervention")
    app.get_by_role("button", name="End intervention").click()
    app.wait_for_url(re.compile(r"/cases/\d+/interventions/\d+/$"))
    expect(_banner(app)).to_contain_text("Intervention ended. Outcome: achieved")
    assert_axe_clean(app, "the ended intervention")
    app.get_by_role("link", name="Back to the case").click()

    app.wait_for_url(re.compile(r"/cases/\d+/$"))
    app.get_by_role("link", name="Propose closing the case").click()
    app.wait_for_url(re.compile(r"/cases/\d+/close/$"))
    expect(app.get_by_role("heading", level=1)).to_have_text("Propose closing the case")
    app.get_by_label("Vulnerability reduced").check()
    app.get_by_label("Summary of the work and why it can close").fill(CLOSING)
    assert_axe_clean(app, "proposing closure")
    shot(app, "case-08-propose")
    app.get_by_role("button", name="Propose closing the case").click()

    app.wait_for_url(re.compile(r"/cases/\d+/$"))
    expect(_banner(app)).to_contain_text("Closing the case has been proposed.")
    expect(app.get_by_role("main")).to_contain_text("Closure waiting for approval")
    assert_axe_clean(app, "the case waiting for closure")
    sign_out(app, url)


def _manager_approves(app, url, manager, practitioner, reference) -> None:
    sign_in(app, url, manager.user)
    _menu(app).get_by_role("link", name="Cases", exact=True).click()
    app.wait_for_url(url("/cases/"))
    waiting = app.locator("table").filter(has_text="Proposed").first
    expect(waiting).to_contain_text(reference)
    expect(waiting).to_contain_text(f"by {practitioner.user}")
    assert_axe_clean(app, "the list of cases with a closure waiting")
    shot(app, "case-09-closures-waiting")
    app.get_by_role("link", name=f"Decide on closing {reference}").click()

    app.wait_for_url(re.compile(r"/cases/\d+/close/\d+/$"))
    expect(app.get_by_role("heading", level=1)).to_have_text("Approve or decline closing the case")
    expect(app.locator(".govuk-summary-list")).to_contain_text(CLOSING)
    app.get_by_label("Approve: close the case").check()
    assert_axe_clean(app, "deciding the closure")
    app.get_by_role("button", name="Save decision").click()

    app.wait_for_url(re.compile(r"/cases/\d+/$"))
    expect(_banner(app)).to_contain_text("The case is closed.")
    expect(_summary(app, "Status")).to_contain_text("Closed: vulnerability reduced")
    closed_on = today()
    reviews = app.locator(".thr-history").filter(has_text="after closure")
    expect(reviews).to_contain_text(f"First review after closure, due {_long(closed_on + relativedelta(months=6))}")
    expect(reviews).to_contain_text(f"Second review after closure, due "
                                    f"{_long(closed_on + relativedelta(months=12))}")
    expect(app.get_by_role("main")).to_contain_text("Closure approved")
    assert_axe_clean(app, "the closed case")
    shot(app, "case-10-closed")


def test_a_case_goes_from_allocation_to_an_approved_closure(app, url, case, practitioner, lead, manager):  # noqa: F811
    with scopes_disabled():
        factors = list(AssessmentFactor.objects.filter(version=case.consensus_version)
                       .order_by("dimension__position", "position", "pk").values_list("label", flat=True))
    _lead_assigns(app, url, lead, practitioner, case.reference)
    _practitioner_assesses(app, url, practitioner, case.reference, factors)
    _practitioner_works_and_proposes(app, url, case.reference)
    _manager_approves(app, url, manager, practitioner, case.reference)
