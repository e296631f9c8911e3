"""The evidence base in the browser: a safeguarding lead opens their authority's figures, the pooled figures of the
authorities that share, searches the learning notes and opens one, another authority's included, and starts a note;
an authority administrator sees the sharing setting and records a community engagement session, with a mistake
first. axe-core checks every page visited.

Different people sign in, once each, so no authenticator code is used twice. Every person and place is invented.
"""

import datetime as dt
import random
import re

import pytest
from playwright.sync_api import expect

from core.tenancy import authority_scope
from evidence.services import learning_note_approve, learning_note_submit
from tests.e2e.helpers import assert_axe_clean, assert_styled, shot, sign_in, sign_out
from tests.evidence.conftest import (  # noqa: F401  (fixtures)
    admin_of,
    away_admin,
    away_lead,
    away_rows,
    home_rows,
    share,
    write_note,
)
from tests.evidence.test_figures import fill
from tests.referrals.conftest import agreement, away_agreement, make_member, teams  # noqa: F401  (fixtures)

pytestmark = pytest.mark.e2e


def _menu(page):
    return page.get_by_role("navigation", name="Menu")


def _published(writer, approver, case, **overrides):
    note = write_note(writer, case, **overrides)
    with authority_scope(writer.authority_id):
        learning_note_submit(note=note, actor_membership=writer)
        learning_note_approve(note=note, actor_membership=approver)
    return note


def _evidence(home_rows, away_rows, lead, manager, admin_member, away_lead, away_admin):  # noqa: F811
    rng = random.Random(12)
    fill(home_rows, rng, cases=25)
    fill(away_rows, rng, cases=25)
    share(admin_member)
    share(away_admin)
    _published(lead, manager, home_rows.case(), title="A mentor from a local boxing gym kept a teenager engaged")
    away_writer = make_member(away_lead.authority, "manager", "mo.awaymanager")
    _published(away_writer, away_lead, away_rows.case(), title="Family support first, then mentoring",
               intervention_types=["family_support", "mentoring"], concern_category="mass_violence")


def _lead_reads_the_evidence(app, url, lead) -> None:
    sign_in(app, url, lead.user)
    _menu(app).get_by_role("link", name="Evidence base").click()
    app.wait_for_url(url("/evidence/"))
    expect(app.get_by_role("heading", level=1)).to_have_text("Evidence base")
    expect(app.get_by_role("table", name="How interventions ended, by type of intervention")).to_be_visible()
    assert_styled(app)
    assert_axe_clean(app, "the authority's figures")
    shot(app, "evidence-01-overview")

    app.get_by_role("link", name="Pooled figures from authorities that share").click()
    app.wait_for_url(url("/evidence/pooled/"))
    expect(app.get_by_role("main")).to_contain_text("any count from 1 to 4 is withheld")
    assert_axe_clean(app, "the pooled figures")
    shot(app, "evidence-02-pooled")

    app.get_by_role("link", name="Learning notes").first.click()
    app.wait_for_url(url("/evidence/notes/"))
    expect(app.get_by_role("heading", name="A mentor from a local boxing gym kept a teenager engaged")).to_be_visible()
    assert_axe_clean(app, "the learning notes")
    app.get_by_label("Type of intervention").select_option(label="Family support")
    app.get_by_role("button", name="Search").click()
    expect(app.get_by_role("status")).to_contain_text("1 published note matches your search")
    shot(app, "evidence-03-notes-search")
    app.get_by_role("link", name="Family support first, then mentoring").click()
    app.wait_for_url(re.compile(r"/evidence/notes/\d+/$"))
    expect(app.get_by_role("main")).to_contain_text("An authority in North West")
    assert_axe_clean(app, "another authority's learning note")
    shot(app, "evidence-04-note")

    app.goto(url("/evidence/notes/new/"))
    app.get_by_role("button", name="Save the draft").click()
    expect(app.locator(".govuk-error-summary")).to_be_focused()
    expect(app).to_have_title(re.compile(r"^Error: "))
    assert_axe_clean(app, "the note form with errors")
    shot(app, "evidence-05-note-form-errors")
    sign_out(app, url)


def _administrator_records_a_session(app, url, admin_member) -> None:
    sign_in(app, url, admin_member.user)
    _menu(app).get_by_role("link", name="Evidence sharing").click()
    app.wait_for_url(url("/evidence/sharing/"))
    expect(app.get_by_role("main")).to_contain_text("shares its evidence base")
    assert_axe_clean(app, "the sharing setting")
    shot(app, "evidence-06-sharing")

    app.get_by_role("link", name="Community engagement log").click()
    app.get_by_role("button", name="Add a session").click()
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    app.get_by_label("Day", exact=True).fill(str(tomorrow.day))
    app.get_by_label("Month", exact=True).fill(str(tomorrow.month))
    app.get_by_label("Year", exact=True).fill(str(tomorrow.year))
    app.get_by_label("Faith groups").check()
    app.get_by_label("What was it about?").fill("How to raise a concern about a young person")
    app.get_by_label("How many people came?").fill("-2")
    app.get_by_role("button", name="Add the session").click()
    summary = app.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text([
        "The date of the session must be today or in the past", "How many people came must be 0 or more"])
    assert_axe_clean(app, "the session form with errors")
    shot(app, "evidence-07-session-errors")
    app.get_by_label("Day", exact=True).fill(str(dt.date.today().day))
    app.get_by_label("Month", exact=True).fill(str(dt.date.today().month))
    app.get_by_label("Year", exact=True).fill(str(dt.date.today().year))
    app.get_by_label("How many people came?").fill("31")
    app.get_by_role("button", name="Add the session").click()
    app.wait_for_url(url("/evidence/engagement/"))
    expect(app.get_by_role("main")).to_contain_text("How to raise a concern about a young person")
    assert_axe_clean(app, "the engagement log")
    shot(app, "evidence-08-engagement-log")


def test_a_lead_reads_the_evidence_base_and_an_administrator_records_engagement(
        app, url, home_rows, away_rows, lead, manager, admin_member, away_lead, away_admin):  # noqa: F811
    _evidence(home_rows, away_rows, lead, manager, admin_member, away_lead, away_admin)
    _lead_reads_the_evidence(app, url, lead)
    _administrator_records_a_session(app, url, admin_member)
