"""Signing in with a password and an authenticator code, and the first pages people use after that.

Each test signs in different people (a fresh database per test), so no authenticator code is ever used twice.
"""

import re
import time
from base64 import b32decode

import pyotp
import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from accounts.roles import Role
from audit.models import AuditEvent
from tests.conftest import totp_now
from tests.e2e.helpers import (
    assert_axe_clean,
    assert_styled,
    enter_code,
    enter_password,
    expect_header,
    shot,
    sign_in,
    sign_out,
    wrong_code_for,
)
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.e2e


def test_practitioner_signs_in_and_sees_their_role_and_authority(app, url, practitioner):
    enter_password(app, url, "")  # loads the page; an empty form is refused with a message, not sent on
    expect(app.locator(".govuk-error-summary")).to_contain_text("Enter your username")
    app.goto(url("/sign-in/"))
    assert_styled(app)
    expect_header(app)
    expect(app.locator(".govuk-phase-banner")).to_contain_text("OFFICIAL-SENSITIVE")
    assert_axe_clean(app, "the sign-in page")
    shot(app, "01-sign-in")

    enter_password(app, url, practitioner.user.username)
    app.wait_for_url(url("/sign-in/code/"))
    expect(app.get_by_role("heading", level=1)).to_have_text("Enter the code from your authenticator app")
    assert_axe_clean(app, "the code page")
    enter_code(app, totp_now(practitioner.user))
    app.wait_for_url(url("/"))

    authority = practitioner.authority.name
    expect_header(app, authority)
    main = app.get_by_role("main")
    expect(main).to_contain_text(authority)
    expect(main).to_contain_text("You are signed in as a practitioner in Front door")
    expect(app.get_by_role("navigation", name="Menu").get_by_role("link", name="Home")).to_have_attribute(
        "aria-current", "page")
    assert_axe_clean(app, "the home page")
    shot(app, "04-home-practitioner")


def test_new_user_sets_up_an_authenticator_app_then_lands_on_home(app, url, home):
    with scopes_disabled():
        user = UserFactory(username="nia.new", first_name="Nia")
        MembershipFactory(user=user, authority=home, role=Role.PRACTITIONER)

    enter_password(app, url, user.username)
    app.wait_for_url(url("/sign-in/set-up/"))
    expect(app.get_by_role("heading", level=1)).to_have_text("Set up your authenticator app")
    qr = app.get_by_role("img", name=re.compile("QR code")).locator("svg")
    expect(qr).to_be_visible()
    drawn, view_box = qr.evaluate("svg => [svg.getBoundingClientRect().width, svg.getAttribute('viewBox')]")
    assert view_box, "the QR code must scale (viewBox), or a narrow box crops it and phones cannot read it"
    assert drawn >= 200, f"the QR code is drawn only {drawn}px wide"

    key_text = app.locator(".govuk-details__text .thr-secret")
    expect(key_text).to_be_hidden()
    app.get_by_text("I cannot scan the QR code").click()
    expect(key_text).to_be_visible()
    grouped = key_text.inner_text().strip()
    assert re.fullmatch(r"[A-Z2-7]{4}( [A-Z2-7]{1,4})+", grouped), grouped
    assert_axe_clean(app, "the set-up page")
    shot(app, "03-set-up")

    secret = grouped.replace(" ", "")
    b32decode(secret + "=" * (-len(secret) % 8))  # a real base32 key, as an authenticator app would need
    enter_code(app, pyotp.TOTP(secret).now())
    app.wait_for_url(url("/"))
    expect(app.get_by_role("heading", level=1)).to_have_text("Hello, Nia")
    expect_header(app, home.name)


def test_wrong_code_is_shown_next_to_the_field_and_in_the_summary(app, url, practitioner):
    user = practitioner.user
    enter_password(app, url, user.username)
    app.wait_for_url(url("/sign-in/code/"))
    enter_code(app, wrong_code_for(user))

    message = "The code is not right, or it has already been used. Enter the newest code."
    expect(app).to_have_title(re.compile(r"^Error: "))
    summary = app.locator(".govuk-error-summary")
    expect(summary).to_be_focused()  # GOV.UK Frontend's script moves focus to the summary
    expect(summary.get_by_role("link", name=message)).to_have_attribute("href", "#id_code")
    expect(app.locator("#id_code-error")).to_have_text(f"Error: {message}")
    expect(app.get_by_label("6-digit code")).to_have_attribute("aria-describedby", "id_code-hint id_code-error")
    assert_axe_clean(app, "the code page with an error")
    shot(app, "02-code-with-error")

    time.sleep(1.1)  # django-otp throttles the next try for a second after a wrong code
    enter_code(app, totp_now(user))
    app.wait_for_url(url("/"))


def test_admin_adds_a_person_and_manager_reads_the_audit_trail(app, url, admin_member, manager, home_team):
    sign_in(app, url, admin_member.user)
    expect(app.get_by_role("main")).to_contain_text("You are signed in as an authority administrator")
    shot(app, "05-home-admin")

    app.get_by_role("navigation", name="Menu").get_by_role("link", name="People and teams").click()
    app.wait_for_url(url("/people/"))
    expect(app.get_by_role("heading", level=1)).to_have_text("People and teams")
    assert_axe_clean(app, "the people list")

    app.get_by_role("button", name="Add a person").click()
    app.wait_for_url(url("/people/add/"))
    assert_axe_clean(app, "the add-person form")
    app.get_by_role("button", name="Add person").click()
    expect(app.locator(".govuk-error-summary").get_by_role("link")).to_have_text([  # in the order of the page
        "Enter their first name", "Enter their last name", "Enter their work email address", "Enter a username",
        "Enter a temporary password",
    ])
    assert_axe_clean(app, "the add-person form with errors")
    shot(app, "07-person-add-errors")

    app.get_by_label("First name").fill("Rowan")
    app.get_by_label("Last name").fill("Example")
    app.get_by_label("Work email address").fill("rowan.example@example.invalid")
    app.get_by_label("Username").fill("rowan.example")
    app.get_by_label("Temporary password").fill("a-long-temporary-passphrase")
    app.get_by_label("Role").select_option(label="Practitioner")
    app.get_by_label("Team").select_option(label=home_team.name)
    app.get_by_role("button", name="Add person").click()
    app.wait_for_url(url("/people/"))
    expect(app.locator(".govuk-notification-banner--success")).to_contain_text("has been added")
    row = app.get_by_role("row").filter(has_text="rowan.example")
    expect(row).to_contain_text("Rowan Example")
    expect(row).to_contain_text("Practitioner")
    expect(row).to_contain_text(home_team.name)
    assert_axe_clean(app, "the people list after adding a person")
    shot(app, "06-people-list")
    sign_out(app, url)
    assert_axe_clean(app, "the signed-out page")

    sign_in(app, url, manager.user)
    app.get_by_role("navigation", name="Menu").get_by_role("link", name="Audit trail").click()
    app.wait_for_url(url("/audit/"))
    expect(app.get_by_role("heading", level=1)).to_have_text("Audit trail")
    expect(app.get_by_role("row").filter(has_text="rowan.example").first).to_be_visible()
    assert_axe_clean(app, "the audit trail")
    shot(app, "09-audit-trail")

    first = app.locator("tbody .govuk-table__row").first.get_by_role("link")
    number = first.inner_text()
    first.click()
    app.wait_for_url(re.compile(r"/audit/events/\d+/$"))
    expect(app.get_by_role("heading", level=1)).to_have_text(f"Event {number}")
    assert_axe_clean(app, "an audit event")
    shot(app, "10-audit-event")


def test_person_in_two_authorities_switches_authority(app, url, lead, away):
    with scopes_disabled():
        MembershipFactory(user=lead.user, authority=away, role=Role.MANAGER)
    sign_in(app, url, lead.user)
    first, second = sorted([lead.authority.name, away.name])  # people start in their first authority by name
    expect_header(app, first)

    switcher = app.get_by_role("complementary", name="Work in another authority")
    choice = switcher.get_by_label("Authority")
    choice.select_option(choice.locator("option").filter(has_text=second).get_attribute("value"))
    assert_axe_clean(app, "the home page with the authority switcher")
    shot(app, "11-home-switcher")
    switcher.get_by_role("button", name="Switch").click()
    app.wait_for_url(url("/"))
    expect(app.locator(".govuk-notification-banner--success")).to_contain_text(f"You are now working in {second}")
    expect_header(app, second)
    expect(app.get_by_role("banner")).not_to_contain_text(first)


def test_practitioner_creates_an_api_token_and_sees_it_once(app, url, practitioner):
    sign_in(app, url, practitioner.user)
    app.get_by_role("contentinfo").get_by_role("link", name="API tokens").click()
    app.wait_for_url(url("/account/api-tokens/"))
    app.get_by_label("Name").fill("Police gateway link")
    app.get_by_role("button", name="Create token").click()
    expect(app.locator("#new-token")).to_have_text(re.compile(r"^thr_\S{20,}$"))
    expect(app.get_by_role("row").filter(has_text="Police gateway link")).to_contain_text("Active")
    assert_axe_clean(app, "the API tokens page with a new token")
    shot(app, "08-api-tokens")


def test_api_documentation_renders_under_the_content_security_policy(app, url, manager):
    """Swagger UI comes from drf-spectacular-sidecar; the ``app`` fixture fails the test on any CSP refusal."""
    sign_in(app, url, manager.user)
    app.get_by_role("contentinfo").get_by_role("link", name="API documentation").click()
    app.wait_for_url(url("/api/docs/"))
    expect(app.locator(".swagger-ui .info .title")).to_contain_text("Threshold API")
    operation = app.locator(".opblock").filter(has_text="/api/v1/audit/events/{event_id}/")
    operation.locator(".opblock-summary").click()
    operation.get_by_role("button", name="Try it out").click()
    with scopes_disabled():
        event_id = AuditEvent.objects.filter(actor=manager.user).latest("id").pk  # their own sign-in
    operation.get_by_placeholder("event_id").fill(str(event_id))
    operation.get_by_role("button", name="Execute").click()
    expect(operation.locator(".live-responses-table tbody .response-col_status")).to_have_text("200")
    shot(app, "12-api-docs")
