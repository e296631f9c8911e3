"""A referral from the front door to a case: a practitioner makes a referral in the browser, step by step, and gets
a reference; a safeguarding lead finds it at the top of the queue, sees the earlier referral about the same person,
starts screening, adds a note and decides on a pathway that opens a case, citing a definition; the case page shows it
open. A second test makes a referral with JavaScript switched off.

Different people sign in, once each, so no authenticator code is used twice. axe-core checks every page visited.
"""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from core.tenancy import authority_scope
from referrals.services import referral_decide
from tests.e2e.helpers import assert_axe_clean, assert_styled, shot, sign_in, sign_out
from tests.referrals.conftest import agreement, submitted, teams  # noqa: F401  (fixtures)

pytestmark = pytest.mark.e2e

BORN = dt.date(dt.date.today().year - 15, 6, 21)
CONCERN = ("Jordan told two classmates that 'traitors' at the mosque near school deserve what is coming, and "
           "showed them a video of a mass shooting on his phone. His form tutor says he has become withdrawn.")
RATIONALE = ("Expressed support for violence against a named group and shares attack material: this meets our "
             "definition of radicalisation. Channel support could reduce the risk.")


def _menu(page):
    return page.get_by_role("navigation", name="Menu")


def _continue(page):
    page.get_by_role("button", name="Save and continue").click()


def _earlier_history(practitioner, lead):
    """An earlier referral about the same young man, decided last year, and an unrelated one waiting."""
    earlier = submitted(practitioner, first_name="Jordan", last_name="Whitfield", date_of_birth=BORN,
                        postcode="LS6 2QT")
    with authority_scope(lead.authority_id):
        referral_decide(referral=earlier, actor_membership=lead, pathway_code="early_help",
                        rationale="Some isolation at school but no ideology; signposted to the school's mentor.")
    submitted(practitioner, first_name="Ava", last_name="Moreno", date_of_birth=dt.date(2010, 2, 2))
    return earlier


def _practitioner_makes_the_referral(app, url, practitioner) -> str:
    sign_in(app, url, practitioner.user)
    _menu(app).get_by_role("link", name="Make a referral").click()
    app.wait_for_url(url("/referrals/new/"))
    expect(app.get_by_role("main")).to_contain_text("If someone is in immediate danger, call 999 now.")
    assert_styled(app)
    assert_axe_clean(app, "the start page")
    shot(app, "referral-01-start")
    app.get_by_role("button", name="Start now").click()

    app.wait_for_url(re.compile(r"/referrals/\d+/about-the-person/$"))
    expect(app.get_by_role("heading", level=1)).to_have_text("About the person")
    assert_axe_clean(app, "the first step")
    _continue(app)
    summary = app.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text([
        "Enter the person's first name.", "Enter the person's last name.",
        "Enter the date of birth or, if it is not known, an estimated age.",
        "Choose the person's gender, or 'Not known'.",
        "Enter the postcode, or say the person has no fixed abode or it is not known.",
    ])
    expect(app.locator("#id_last_name-error")).to_have_text("Error: Enter the person's last name.")
    expect(app).to_have_title(re.compile(r"^Error: "))
    assert_axe_clean(app, "the first step with errors")
    shot(app, "referral-02-person-errors")

    app.get_by_label("First name").fill("Jordan")
    app.get_by_label("Last name").fill("Whitfield")
    app.get_by_label("Other names").fill("Jordy Whitfield")
    app.get_by_label("Day", exact=True).fill(str(BORN.day))
    app.get_by_label("Month", exact=True).fill(str(BORN.month))
    app.get_by_label("Year", exact=True).fill(str(BORN.year))
    app.get_by_label("Male", exact=True).check()
    app.get_by_label("Address").fill("14 Cardigan Road\nLeeds")
    app.get_by_label("I know their postcode").check()
    app.get_by_label("Postcode", exact=True).fill("ls6 2qt")
    app.get_by_label("School, college or workplace").fill("Headingley High School")
    app.get_by_label("Languages they speak").fill("English")
    assert_axe_clean(app, "the first step, filled in")
    shot(app, "referral-03-person")
    _continue(app)

    app.wait_for_url(re.compile(r"/referrals/\d+/concern/$"))
    expect(app.get_by_role("link", name=re.compile("Read the definitions in our agreement"))).to_have_attribute(
        "href", "/agreement/#definitions")
    app.get_by_label("Describe your concern").fill(CONCERN)
    app.get_by_label("Extreme right-wing", exact=True).check()
    app.get_by_label("Fascination with extreme violence or mass-casualty attacks").check()
    app.get_by_label("Looks at, keeps or shares extremist material").check()
    app.get_by_label("Says that violence is justified or necessary for a cause").check()
    app.get_by_label("Yes", exact=True).check()
    expect(app.locator(".govuk-radios__conditional .govuk-warning-text")).to_contain_text("Call 999 now")
    assert_axe_clean(app, "the concern step")
    shot(app, "referral-04-concern")
    _continue(app)

    app.wait_for_url(re.compile(r"/referrals/\d+/about-you/$"))
    expect(app.locator(".govuk-warning-text")).to_contain_text("Call 999 now if someone is in immediate danger.")
    expect(app.get_by_label("Full name")).to_have_value(practitioner.user.get_full_name())
    expect(app.get_by_label("Email address")).to_have_value(practitioner.user.email)
    app.get_by_label("Sector").select_option(label="Social care")
    app.get_by_label("Job title or role").fill("Social worker")
    app.get_by_label("Phone number").fill("0113 496 0000")
    app.get_by_label("Where did the referral come from?").select_option(label="Schools")
    assert_axe_clean(app, "the referrer step")
    shot(app, "referral-05-referrer")
    _continue(app)

    app.wait_for_url(re.compile(r"/referrals/\d+/consent/$"))
    app.get_by_label("No", exact=True).check()
    app.get_by_label("No, consent was not asked for").check()
    app.locator("#id_lawful_basis_not_sought").fill(
        "Asking his family first could put him at greater risk; sharing is needed to protect him (Children Act "
        "1989) and under the Prevent duty.")
    assert_axe_clean(app, "the consent step")
    shot(app, "referral-06-consent")
    _continue(app)

    app.wait_for_url(re.compile(r"/referrals/\d+/check/$"))
    expect(app.get_by_role("heading", level=1)).to_have_text("Check your answers before you send the referral")
    main = app.get_by_role("main")
    for answer in ("Jordan Whitfield", "Jordy Whitfield", "LS6 2QT", "Extreme right-wing", "Schools",
                   "Not asked for"):
        expect(main).to_contain_text(answer)
    assert_axe_clean(app, "check your answers")
    shot(app, "referral-07-check")
    app.get_by_role("button", name="Send referral").click()

    app.wait_for_url(re.compile(r"/referrals/\d+/submitted/$"))
    panel = app.locator(".govuk-panel")
    expect(panel.get_by_role("heading", level=1)).to_have_text("Referral sent")
    reference = panel.locator("strong").inner_text()
    assert re.fullmatch(r"TST-\d{4}-\d{6}", reference)
    expect(main).to_contain_text("the team responsible under Testshire County Council's agreement: Children team")
    expect(app.locator(".govuk-warning-text")).to_contain_text("Call 999 now")
    assert_axe_clean(app, "the confirmation")
    shot(app, "referral-08-confirmation")

    main.get_by_role("link", name="your referrals").click()
    expect(app.get_by_role("row").filter(has_text=reference)).to_contain_text("Not decided yet")
    assert_axe_clean(app, "the practitioner's referrals")
    sign_out(app, url)
    return reference


def _lead_screens_and_decides(app, url, lead, reference, earlier) -> None:
    sign_in(app, url, lead.user)
    _menu(app).get_by_role("link", name="Referrals", exact=True).click()
    app.wait_for_url(url("/referrals/"))
    first_row = app.locator("tbody .govuk-table__row").first
    expect(first_row).to_contain_text(reference)
    expect(first_row).to_contain_text("Immediate risk")
    assert_axe_clean(app, "the screening queue")
    shot(app, "referral-09-queue")

    first_row.get_by_role("link", name=reference).click()
    app.wait_for_url(re.compile(r"/referrals/\d+/$"))
    expect(app.get_by_role("heading", level=1)).to_have_text(reference)
    matches = app.locator(".govuk-summary-card").filter(has_text="Likely the same person")
    expect(matches).to_contain_text(earlier.reference)
    expect(matches).to_contain_text("Signpost to universal services or early help")
    assert_axe_clean(app, "the referral page (lead)")
    shot(app, "referral-10-referral-lead")

    app.get_by_role("button", name="Start screening").click()
    success = app.locator(".govuk-notification-banner--success")
    expect(success).to_contain_text(f"You have started screening {reference}")
    app.get_by_label("Checks made").check()
    app.get_by_label("Note", exact=True).fill("Checked children's social care records: the 2025 referral above, "
                                              "no open case. School confirms the phone video.")
    app.get_by_role("button", name="Add note").click()
    expect(success).to_contain_text("Your screening note has been added")
    expect(app.locator(".thr-history")).to_contain_text("School confirms the phone video.")
    assert_axe_clean(app, "the referral page in screening")

    app.get_by_role("button", name="Record a decision").click()
    app.wait_for_url(re.compile(r"/referrals/\d+/decide/$"))
    assert_axe_clean(app, "the decision form")
    app.get_by_label("Refer to the police Prevent gateway for Channel consideration").check()
    app.get_by_label("Why is this the right response?").fill(RATIONALE)
    app.get_by_label("Radicalisation", exact=True).check()
    shot(app, "referral-11-decide")
    app.get_by_role("button", name="Record decision").click()

    app.wait_for_url(re.compile(r"/referrals/\d+/$"))
    banner = app.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text("Decision recorded: Refer to the police Prevent gateway for Channel consideration")
    case_link = banner.get_by_role("link")
    expect(case_link).to_have_text(re.compile(r"^TST-C-\d{4}-\d{6}$"))
    expect(app.get_by_role("main")).to_contain_text(RATIONALE)
    assert_axe_clean(app, "the decided referral")
    shot(app, "referral-12-decided")

    case_reference = case_link.inner_text()
    case_link.click()
    app.wait_for_url(re.compile(r"/cases/\d+/$"))
    expect(app.get_by_role("heading", level=1)).to_have_text(case_reference)
    expect(app.locator(".govuk-summary-list")).to_contain_text("Open")
    expect(app.locator(".govuk-summary-list")).to_contain_text(f"Referral {reference}")
    assert_axe_clean(app, "the case page")
    shot(app, "referral-13-case")


def test_a_referral_goes_from_a_practitioner_to_a_lead_and_opens_a_case(app, url, agreement, practitioner, lead):  # noqa: F811
    earlier = _earlier_history(practitioner, lead)
    reference = _practitioner_makes_the_referral(app, url, practitioner)
    _lead_screens_and_decides(app, url, lead, reference, earlier)


def test_a_referral_can_be_made_with_javascript_switched_off(transactional_db, browser, live_server, agreement,  # noqa: F811
                                                            manager, console):
    """Every step is a plain form post: with no JavaScript, the conditional questions are simply all shown."""
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = console.attach(context.new_page())

    def url(path="/"):
        return live_server.url + path

    sign_in(page, url, manager.user)
    page.goto(url("/referrals/new/"))
    page.get_by_role("button", name="Start now").click()
    page.get_by_label("First name").fill("Sam")
    page.get_by_label("Last name").fill("Okafor")
    page.get_by_label("If you do not know their date of birth").fill("34")
    page.get_by_label("Not known", exact=True).first.check()  # gender
    page.get_by_label("No fixed abode").check()
    expect(page.get_by_label("How do they describe their gender?")).to_be_visible()  # revealed without a script
    _continue(page)
    page.get_by_label("Describe your concern").fill("Posting support for a banned group and asking about travel.")
    page.get_by_label("Islamist", exact=True).check()
    page.get_by_label("No", exact=True).check()
    _continue(page)
    page.get_by_label("Organisation").fill("Testshire Housing")
    page.get_by_label("Sector").select_option(label="Housing")
    page.get_by_label("Where did the referral come from?").select_option(label="Housing")
    _continue(page)
    page.get_by_label("Not known", exact=True).check()
    page.get_by_label("Yes, and they agreed").check()
    _continue(page)
    page.get_by_role("button", name="Send referral").click()
    page.wait_for_url(re.compile(r"/referrals/\d+/submitted/$"))
    expect(page.locator(".govuk-panel")).to_contain_text(re.compile(r"TST-\d{4}-\d{6}"))
    expect(page.get_by_role("main")).to_contain_text("agreement: Adults team")
    context.close()
    assert not console.problems()
