"""Changing the agreement, end to end: an administrator drafts new wording, a safeguarding lead sends it for
sign-off and signs it off for frontline staff, a manager signs it off for the strategic group and publishes it, and a
practitioner reads the new wording on "Our agreement".

Four different people sign in, once each, so no authenticator code is used twice. axe-core checks every page.
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from consensus.services import consensus_starter_publish
from core.tenancy import authority_scope
from tests.e2e.helpers import assert_axe_clean, assert_styled, shot, sign_in, sign_out

pytestmark = pytest.mark.e2e

NEW_WORDING = ("The process by which a person comes to support terrorism or extremist ideas linked to it. In "
               "Testshire we treat it first as a safeguarding concern.")


def _element_shot(locator, name: str) -> None:
    """Like ``shot``, for one part of a page."""
    folder = os.environ.get("THRESHOLD_E2E_SHOTS")
    if folder:
        locator.screenshot(path=str(Path(folder) / f"{name}.png"))


def _menu(page):
    return page.get_by_role("navigation", name="Menu")


def _sign_off_panel(page):
    return page.get_by_role("region", name="Sign-off")


def _admin_drafts_new_wording(app, url, admin_member):
    sign_in(app, url, admin_member.user)
    _menu(app).get_by_role("link", name="Our agreement").click()
    app.wait_for_url(url("/agreement/"))
    expect(app.locator("#definition-radicalisation")).to_contain_text("comes to support terrorism")
    assert_styled(app)
    assert_axe_clean(app, "our agreement (administrator)")

    app.get_by_role("link", name="See every version, or work on the next one").click()
    app.wait_for_url(url("/agreement/versions/"))
    assert_axe_clean(app, "the versions list")
    shot(app, "consensus-versions")
    app.get_by_role("button", name="Start a new draft").click()
    app.wait_for_url(url("/agreement/versions/start/"))
    expect(app.get_by_role("main")).to_contain_text("starts as a copy of version 1, the agreement in force")
    assert_axe_clean(app, "the start-a-draft page")
    app.get_by_label("What will this version change? (optional)").fill("Clearer definition of radicalisation.")
    app.get_by_role("button", name="Start the draft").click()
    app.wait_for_url(re.compile(r"/agreement/versions/\d+/$"))
    expect(app.locator(".govuk-notification-banner--success")).to_contain_text("Version 2 has been started")
    assert_axe_clean(app, "a new draft's page")

    app.get_by_role("link", name="Change definitions").click()
    expect(app.get_by_role("heading", level=1)).to_have_text("Definitions")
    assert_axe_clean(app, "a draft's definitions")
    shot(app, "consensus-part-list")
    app.get_by_role("link", name="Change Radicalisation").click()
    expect(app.get_by_role("heading", level=1)).to_have_text("Change ‘Radicalisation’")
    assert_axe_clean(app, "the change-definition form")

    app.get_by_label("Term").fill("")
    app.get_by_label("Wording").fill("")
    app.get_by_role("button", name="Save changes").click()
    summary = app.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text(["Enter the term.", "Enter the wording."])
    expect(app.locator("#id_wording-error")).to_have_text("Error: Enter the wording.")
    expect(app).to_have_title(re.compile(r"^Error: "))
    assert_axe_clean(app, "the change-definition form with errors")
    shot(app, "consensus-edit-errors")

    app.get_by_label("Term").fill("Radicalisation")
    app.get_by_label("Wording").fill(NEW_WORDING)
    app.get_by_role("button", name="Save changes").click()
    expect(app.locator(".govuk-notification-banner--success")).to_contain_text(
        "Your changes to ‘Radicalisation’ have been saved.")
    assert_axe_clean(app, "the definitions after a change")

    app.get_by_role("link", name="Back to version 2").click()
    comparison = app.get_by_role("region", name="What this version changes")
    expect(comparison).to_contain_text("1 changed. 5 not changed.")
    expect(comparison.get_by_role("row").filter(has_text="Before: version 1")).to_contain_text("After: version 2")
    expect(comparison.get_by_role("row").filter(has_text=NEW_WORDING)).to_contain_text("Changed")
    assert_axe_clean(app, "the draft with its comparison")
    sign_out(app, url)


def _lead_sends_and_signs_for_frontline(app, url, lead):
    sign_in(app, url, lead.user)
    app.get_by_role("link", name="Work on the next version of the agreement, or sign it off").click()
    app.get_by_role("button", name="Open version 2").click()
    app.wait_for_url(re.compile(r"/agreement/versions/\d+/$"))
    assert_axe_clean(app, "the draft's page (lead)")
    _sign_off_panel(app).get_by_role("button", name="Send for sign-off").click()
    expect(app.locator(".govuk-notification-banner--success")).to_contain_text("Version 2 has been sent for sign-off")
    expect(app.get_by_role("main").locator(".govuk-summary-list").first).to_contain_text("Sent for sign-off")
    panel = _sign_off_panel(app)
    expect(panel).to_contain_text("By signing off you confirm that version 2 has been agreed with frontline staff")
    expect(panel.get_by_role("button", name="Sign off for the strategic group")).to_have_count(0)
    assert_axe_clean(app, "a version waiting for sign-off (lead)")

    panel.get_by_role("button", name="Sign off for frontline staff").click()
    expect(app.locator(".govuk-notification-banner--success")).to_contain_text("You have given the frontline sign-off")
    expect(_sign_off_panel(app)).to_contain_text(f"Given by {lead.user} (safeguarding lead) for frontline staff")
    assert_axe_clean(app, "a version with the frontline sign-off")
    sign_out(app, url)


def _manager_signs_for_strategic_and_publishes(app, url, manager):
    sign_in(app, url, manager.user)
    _menu(app).get_by_role("link", name="Our agreement").click()
    app.get_by_role("link", name="See every version, or work on the next one").click()
    expect(app.get_by_role("row").filter(has_text="Version 2")).to_contain_text("Needs your sign-off")
    assert_axe_clean(app, "the versions list (manager)")
    app.get_by_role("link", name="Version 2").click()
    expect(app.get_by_role("main")).to_contain_text("This version is waiting for your sign-off.")
    panel = _sign_off_panel(app)
    expect(panel).to_contain_text("By signing off you confirm that version 2 has been agreed at strategic level")
    assert_axe_clean(app, "a version waiting for the strategic sign-off")
    shot(app, "consensus-sign-off-panel")
    _element_shot(panel, "consensus-sign-off-panel-only")

    panel.get_by_role("button", name="Sign off for the strategic group").click()
    expect(app.locator(".govuk-notification-banner--success")).to_contain_text("You have given the strategic sign-off")
    panel = _sign_off_panel(app)
    expect(panel).to_contain_text("Publishing makes version 2 the agreement everyone in Testshire County Council")
    assert_axe_clean(app, "a signed-off version ready to publish")
    shot(app, "consensus-version-compare")

    panel.get_by_role("button", name="Publish this version").click()
    app.wait_for_url(url("/agreement/"))
    expect(app.locator(".govuk-notification-banner--success")).to_contain_text("Version 2 has been published.")
    assert_axe_clean(app, "our agreement just after publishing")
    sign_out(app, url)


def test_admin_lead_and_manager_change_the_agreement_and_a_practitioner_reads_it(app, url, admin_member, lead,
                                                                                  manager, practitioner):
    with authority_scope(admin_member.authority_id):
        consensus_starter_publish(proposer=lead, strategic=manager, frontline=lead)

    _admin_drafts_new_wording(app, url, admin_member)
    _lead_sends_and_signs_for_frontline(app, url, lead)
    _manager_signs_for_strategic_and_publishes(app, url, manager)

    sign_in(app, url, practitioner.user)
    _menu(app).get_by_role("link", name="Our agreement").click()
    app.wait_for_url(url("/agreement/"))
    definition = app.locator("#definition-radicalisation")
    expect(definition).to_contain_text(NEW_WORDING)
    expect(definition).not_to_contain_text("comes to support terrorism or the extremist ideas")
    expect(app.get_by_role("main")).to_contain_text("Version")
    expect(app.get_by_role("link", name="See every version, or work on the next one")).to_have_count(0)
    assert_axe_clean(app, "our agreement (practitioner)")
    shot(app, "consensus-agreement")

    app.goto(url("/agreement/#definition-radicalisation"))
    expect(definition).to_be_in_viewport()

    app.set_viewport_size({"width": 390, "height": 844})  # a phone
    app.goto(url("/agreement/"))
    overflow = app.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow == 0, f"the agreement is {overflow}px wider than a phone's screen"
    assert_axe_clean(app, "our agreement on a phone")
    shot(app, "consensus-agreement-phone")
