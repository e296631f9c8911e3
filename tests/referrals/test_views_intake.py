"""Making a referral in the browser: the start page, each step (saving the draft), check your answers, submission,
the confirmation and the drafts list."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils.html import escape
from django_scopes import scopes_disabled

from referrals.models import Referral, ReferralStatus, Subject
from tests.referrals.conftest import draft, fresh, submitted

pytestmark = pytest.mark.django_db

START = reverse("referrals:start")
DRAFTS = reverse("referrals:drafts")
BORN = dt.date(dt.date.today().year - 14, 3, 27)
STEP_SLUGS = ["about-the-person", "concern", "about-you", "consent"]

# Session, user, OTP device and membership (4); the referral with its subject and routing, then its concern types,
# indicators and definitions cited (4); the session's last-activity update (1); and the savepoints of the request's
# transaction (4).
STEP_QUERIES = 13
CONCERN_STEP_QUERIES = STEP_QUERIES + 10  # the agreement in force, with its parts, for the checkboxes
CHECK_QUERIES = 13


def step_url(referral, slug):
    return reverse("referrals:step", args=[referral.pk, slug])


def subject_post(**overrides):
    data = {"first_name": "Jamie", "last_name": "Calloway", "aliases": "Jay Calloway\n\nJames Calloway",
            "date_of_birth_day": str(BORN.day), "date_of_birth_month": str(BORN.month),
            "date_of_birth_year": str(BORN.year), "estimated_age": "", "gender": "male", "gender_description": "",
            "address": "1 Example Street\nTesttown", "postcode_status": "known", "postcode": "ls6 1ab",
            "school_or_workplace": "Testtown Academy", "languages": "English", "needs": ""}
    return data | overrides


def concern_post(**overrides):
    data = {"concern": "Has been sharing extremist videos with classmates and talking about 'traitors'.",
            "concern_types": ["extreme_right_wing"], "indicators": ["extremist_material", "us_and_them"],
            "immediate_risk": "no"}
    return data | overrides


def referrer_post(**overrides):
    data = {"referrer_name": "Rita Referrer", "referrer_organisation": "Testtown Academy",
            "referrer_sector": "education", "referrer_role": "Designated safeguarding lead",
            "referrer_email": "rita@example.invalid", "referrer_phone": "", "source_code": "2A"}
    return data | overrides


def consent_post(**overrides):
    data = {"subject_aware": "no", "consent": "not_sought", "lawful_basis_refused": "",
            "lawful_basis_not_sought": "Public task: safeguarding a child (Children Act 1989)."}
    return data | overrides


POSTS = dict(zip(STEP_SLUGS, [subject_post, concern_post, referrer_post, consent_post], strict=True))


def empty_draft(membership):
    return draft(membership, **{name: "" for name in ("first_name", "last_name", "concern")},
                 concern_types=[], indicators=[], consent="", subject_aware="", referrer_name="",
                 lawful_basis_when_not_sought="", date_of_birth=None, postcode="")


def error_text(response, field_id):
    """The message shown next to a field (GOV.UK's error message, minus the hidden "Error:")."""
    html = response.text
    start = html.index(f'id="{field_id}-error"')
    return html[html.index("</span>", start) + len("</span>"):html.index("</p>", start)].strip()


# --- The start page and starting a draft ------------------------------------------------------------------------

def test_start_page_says_what_happens_and_to_call_999(agreement, practitioner, client_for):
    response = client_for(practitioner).get(START)
    assert response.status_code == 200
    assert "If someone is in immediate danger, call 999 now." in response.text
    assert "within 1 working day" in response.text


def test_starting_creates_a_draft_for_its_author_and_opens_the_first_step(agreement, practitioner, client_for,
                                                                         audit_rows):
    client = client_for(practitioner)
    response = client.post(START)
    with scopes_disabled():
        referral = Referral.objects.get(submitted_by=practitioner.user)
    assert response.status_code == 302
    assert response.url == step_url(referral, "about-the-person")
    assert referral.status == ReferralStatus.DRAFT
    assert audit_rows(action__startswith="referrals.") == [("referrals.referral.drafted", "pat.practitioner")]


@pytest.mark.parametrize("persona", ["admin_member", "dpo"])
def test_roles_that_do_not_refer_are_refused(persona, agreement, request, client_for):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(START).status_code == 403
    assert client.post(START).status_code == 403
    assert client.get(DRAFTS).status_code == 403


def test_start_and_drafts_refuse_other_methods(practitioner, client_for):
    client = client_for(practitioner)
    assert client.put(START).status_code == 405
    assert client.post(DRAFTS).status_code == 405


def test_signed_out_people_are_sent_to_sign_in(agreement, practitioner, client):
    referral = draft(practitioner)
    for url in (START, DRAFTS, step_url(referral, "concern"), reverse("referrals:check", args=[referral.pk])):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/sign-in/")


# --- The whole journey ------------------------------------------------------------------------------------------

def test_a_practitioner_completes_every_step_checks_and_submits(agreement, practitioner, teams, client_for,
                                                                audit_rows):
    client = client_for(practitioner)
    referral_id = int(client.post(START).url.split("/")[2])
    referral = Referral(pk=referral_id)
    for number, slug in enumerate(STEP_SLUGS):
        response = client.post(step_url(referral, slug), POSTS[slug]())
        following = (step_url(referral, STEP_SLUGS[number + 1]) if number + 1 < len(STEP_SLUGS)
                     else reverse("referrals:check", args=[referral_id]))
        assert (response.status_code, response.url) == (302, following), slug

    check = client.get(reverse("referrals:check", args=[referral_id]))
    assert check.status_code == 200
    for shown in ("Jamie Calloway", "Jay Calloway", "James Calloway", "LS6 1AB", "Extreme right-wing",
                  "Looks at, keeps or shares extremist material", "Rita Referrer", "Schools", "Not asked for",
                  "Public task: safeguarding a child"):
        assert shown in check.text, shown
    assert "You need to add some details" not in check.text
    assert f'href="{step_url(referral, "about-the-person")}?from=check#id_date_of_birth"' in check.text

    response = client.post(reverse("referrals:check", args=[referral_id]))
    assert response.status_code == 302 and response.url == reverse("referrals:submitted", args=[referral_id])
    with scopes_disabled():
        referral = Referral.objects.select_related("subject").get(pk=referral_id)
    assert referral.status == ReferralStatus.SUBMITTED and referral.routed_team == teams["children"]
    assert referral.subject.aliases == ["Jay Calloway", "James Calloway"]
    assert referral.subject.date_of_birth == BORN and referral.subject.postcode == "LS6 1AB"
    assert referral.lawful_basis_when_not_sought == "Public task: safeguarding a child (Children Act 1989)."
    assert audit_rows(action__startswith="referrals.") == [
        ("referrals.referral.drafted", "pat.practitioner"),
        *[("referrals.referral.draft_changed", "pat.practitioner")] * 4,
        ("referrals.referral.submitted", "pat.practitioner"),
    ]

    confirmation = client.get(response.url)
    assert confirmation.status_code == 200
    assert f"<strong>{referral.reference}</strong>" in confirmation.text
    assert "agreement: <strong>Children team</strong>" in confirmation.text
    assert "A safeguarding lead there will decide what happens next by <strong>" in confirmation.text
    assert "Call 999 now" not in confirmation.text


def test_immediate_risk_shows_the_999_warning_on_the_next_pages_and_the_confirmation(agreement, practitioner,
                                                                                     client_for):
    referral = draft(practitioner, immediate_risk=False)
    client = client_for(practitioner)
    response = client.post(step_url(referral, "concern"), concern_post(immediate_risk="yes"))
    assert response.url == step_url(referral, "about-you")
    next_page = client.get(response.url)
    assert "Call 999 now if someone is in immediate danger." in next_page.text
    assert "Call 999 now" in client.get(reverse("referrals:check", args=[referral.pk])).text

    response = client.post(reverse("referrals:check", args=[referral.pk]))
    confirmation = client.get(response.url)
    assert "Call 999 now if someone is in immediate danger." in confirmation.text
    assert "marked urgent" in confirmation.text
    referral = fresh(referral)
    assert referral.decision_due_at - referral.submitted_at <= dt.timedelta(hours=2)


def test_change_links_come_back_to_check_your_answers(agreement, practitioner, client_for):
    referral = draft(practitioner)
    client = client_for(practitioner)
    url = step_url(referral, "about-you") + "?from=check"
    page = client.get(url)
    assert "Save and go back to your answers" in page.text
    assert f'href="{reverse("referrals:check", args=[referral.pk])}"' in page.text  # the back link
    response = client.post(url, referrer_post(referrer_phone="0113 496 0000"))
    assert response.url == reverse("referrals:check", args=[referral.pk])
    assert fresh(referral).referrer_phone == "0113 496 0000"


def test_save_and_come_back_later_keeps_an_incomplete_step(agreement, practitioner, client_for):
    referral = empty_draft(practitioner)
    response = client_for(practitioner).post(step_url(referral, "about-the-person"),
                                             subject_post(last_name="", save_for_later="1"))
    assert response.status_code == 302 and response.url == DRAFTS
    with scopes_disabled():
        assert Subject.objects.get(pk=referral.subject_id).first_name == "Jamie"


def test_the_referrer_step_starts_from_the_person_signed_in(agreement, practitioner, client_for):
    with scopes_disabled():
        user = practitioner.user
        user.first_name, user.last_name, user.email = "Pat", "Practitioner", "pat@example.invalid"
        user.save()
    referral = empty_draft(practitioner)
    with scopes_disabled():
        Referral.objects.filter(pk=referral.pk).update(referrer_email="", referrer_organisation="",
                                                       referrer_sector="", referrer_role="", source_code="")
    text = client_for(practitioner).get(step_url(referral, "about-you")).text
    assert 'value="Pat Practitioner"' in text and 'value="pat@example.invalid"' in text
    assert 'value="Testshire County Council"' in text


def test_the_concern_step_offers_the_agreements_concern_types_and_grouped_indicators(agreement, practitioner,
                                                                                     client_for):
    text = client_for(practitioner).get(step_url(draft(practitioner), "concern")).text
    assert 'value="extreme_right_wing" checked' in text
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Capability</legend>' in text
    assert "Has, seeks or shows interest in making weapons" in text
    assert f'href="{reverse("consensus:agreement")}#definitions"' in text
    assert 'data-maxlength="10000"' in text and "You can enter up to 10,000 characters" in text


# --- Bad input: the message next to the field and in the summary, nothing written ------------------------------

def _assert_refused(response, field_id, message):
    message = escape(message)
    assert response.status_code == 400
    assert response.text.count(message) == 2, "once in the error summary, once next to the field"
    assert error_text(response, field_id) == message
    assert f'<a href="#{field_id}">{message}</a>' in response.text
    assert "<title>Error: " in response.text


@pytest.mark.parametrize(("slug", "post", "field_id", "message"), [
    ("about-the-person", subject_post(date_of_birth_year=str(dt.date.today().year + 1)), "id_date_of_birth",
     "Date of birth must be today or in the past."),
    ("about-the-person", subject_post(date_of_birth_year="1890"), "id_date_of_birth",
     "Date of birth gives an age over 120. Check the year."),
    ("about-the-person", subject_post(date_of_birth_day="31", date_of_birth_month="2"), "id_date_of_birth",
     "Date of birth must be a real date"),
    ("about-the-person", subject_post(date_of_birth_month=""), "id_date_of_birth",
     "Date of birth must include a month"),
    ("about-the-person", subject_post(date_of_birth_day="", date_of_birth_month="", date_of_birth_year="",
                                      estimated_age="121"), "id_estimated_age",
     "Estimated age must be a whole number of years from 0 to 120."),
    ("about-the-person", subject_post(postcode="ZZ99 9ZZZ"), "id_postcode",
     "Enter a full UK postcode, for example LS6 1AB, or say why there is none."),
    ("about-the-person", subject_post(postcode_status="", postcode=""), "id_postcode_status",
     "Enter the postcode, or say the person has no fixed abode or it is not known."),
    ("about-the-person", subject_post(last_name=""), "id_last_name", "Enter the person's last name."),
    ("concern", concern_post(concern="x" * 10_001), "id_concern", "Concern must be 10,000 characters or fewer."),
    ("concern", concern_post(concern_types=[]), "id_concern_types", "Choose at least one type of concern."),
    ("concern", concern_post(immediate_risk=""), "id_immediate_risk", "Say whether there is an immediate risk."),
    ("about-you", referrer_post(referrer_email="not-an-email"), "id_referrer_email",
     "Enter an email address in the correct format, like name@example.org."),
    ("about-you", referrer_post(referrer_email="", referrer_phone=""), "id_referrer_email",
     "Give an email address or a phone number for the referrer."),
    ("consent", consent_post(lawful_basis_not_sought=""), "id_lawful_basis_not_sought",
     "Give the lawful basis for sharing without consent."),
    ("consent", consent_post(consent="refused", lawful_basis_refused=""), "id_lawful_basis_refused",
     "Give the lawful basis for sharing without consent."),
])
def test_bad_input_is_shown_next_to_the_field_and_nothing_is_saved(slug, post, field_id, message, agreement,
                                                                   practitioner, client_for, audit_rows):
    referral = draft(practitioner, first_name="Original", immediate_risk=True)
    before = audit_rows()
    response = client_for(practitioner).post(step_url(referral, slug), post)
    _assert_refused(response, field_id, message)
    after = fresh(referral)
    with scopes_disabled():
        subject = Subject.objects.get(pk=referral.subject_id)
    assert subject.first_name == "Original" and after.immediate_risk is True and after.updated_at == referral.updated_at
    assert audit_rows() == before


def test_an_unknown_code_is_named_next_to_the_field(agreement, practitioner, client_for):
    referral = draft(practitioner)
    response = client_for(practitioner).post(step_url(referral, "concern"),
                                             concern_post(concern_types=["made_up"]))
    _assert_refused(response, "id_concern_types", "Not in your authority's agreement: made_up.")


def test_typed_markup_is_shown_as_text(agreement, practitioner, client_for):
    referral = draft(practitioner, first_name="<script>alert(1)</script>",
                     concern="<b>bold</b> claims about <i>them</i> and more words to pass the minimum")
    client = client_for(practitioner)
    for url in (step_url(referral, "about-the-person"), reverse("referrals:check", args=[referral.pk])):
        text = client.get(url).text
        assert "<script>alert(1)</script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "&lt;b&gt;bold&lt;/b&gt;" in client.get(reverse("referrals:check", args=[referral.pk])).text


# --- Check your answers and submitting --------------------------------------------------------------------------

def test_check_your_answers_lists_what_is_missing_with_links_to_the_fields(agreement, practitioner, client_for):
    referral = empty_draft(practitioner)
    text = client_for(practitioner).get(reverse("referrals:check", args=[referral.pk])).text
    assert "You need to add some details before you can send this referral" in text
    for step, anchor, message in [
        ("about-the-person", "id_first_name", "Enter the person&#x27;s first name."),
        ("about-the-person", "id_date_of_birth", "Enter the date of birth or, if it is not known, an estimated age."),
        ("about-the-person", "id_postcode_status", "Enter the postcode, or say the person has no fixed abode or"),
        ("concern", "id_concern_types", "Choose at least one type of concern."),
        ("consent", "id_consent", "Say whether consent to share was sought."),
    ]:
        assert f'href="{step_url(referral, step)}?from=check#{anchor}">{message}' in text, message


def test_submitting_an_incomplete_draft_lists_the_problems_and_submits_nothing(agreement, practitioner, client_for,
                                                                               audit_rows):
    referral = empty_draft(practitioner)
    before = audit_rows()
    response = client_for(practitioner).post(reverse("referrals:check", args=[referral.pk]))
    assert response.status_code == 400
    assert '<h2 class="govuk-error-summary__title">There is a problem</h2>' in response.text
    assert "Enter the person&#x27;s last name." in response.text
    assert fresh(referral).status == ReferralStatus.DRAFT
    assert audit_rows() == before


def test_submitting_twice_goes_to_the_confirmation_again(agreement, practitioner, client_for):
    referral = submitted(practitioner)
    response = client_for(practitioner).post(reverse("referrals:check", args=[referral.pk]))
    assert response.url == reverse("referrals:submitted", args=[referral.pk])


def test_a_submitted_referral_cannot_be_changed_through_its_steps(agreement, practitioner, client_for):
    referral = submitted(practitioner)
    client = client_for(practitioner)
    response = client.post(step_url(referral, "about-the-person"), subject_post(first_name="Changed"))
    assert response.status_code == 302 and response.url == reverse("referrals:detail", args=[referral.pk])
    with scopes_disabled():
        assert Subject.objects.get(pk=referral.subject_id).first_name == "Jamie"


def test_without_a_published_agreement_submission_says_why(practitioner, client_for):
    referral = draft(practitioner, concern_types=[], indicators=[])
    response = client_for(practitioner).post(reverse("referrals:check", args=[referral.pk]))
    assert response.status_code == 400
    assert "Your authority has no published agreement yet" in response.text


# --- Who may reach a draft ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("persona", ["outsider", "lead", "manager"])
def test_someone_elses_draft_is_not_found(persona, agreement, practitioner, request, client_for):
    referral = draft(practitioner)
    client = client_for(request.getfixturevalue(persona))
    for url in (step_url(referral, "about-the-person"), reverse("referrals:check", args=[referral.pk]),
                reverse("referrals:submitted", args=[referral.pk])):
        assert client.get(url).status_code == 404, url
    assert client.post(step_url(referral, "about-the-person"), subject_post()).status_code == 404


def test_a_lead_may_not_change_a_referral_they_did_not_write(agreement, practitioner, lead, client_for):
    referral = submitted(practitioner)
    assert client_for(lead).get(step_url(referral, "concern")).status_code == 403


def test_bad_ids_and_unknown_steps_are_not_found(agreement, practitioner, client_for):
    client = client_for(practitioner)
    assert client.get(reverse("referrals:step", args=[999999, "concern"])).status_code == 404
    assert client.get(reverse("referrals:check", args=[999999])).status_code == 404
    assert client.get(f"/referrals/{draft(practitioner).pk}/not-a-step/").status_code == 404


def test_step_pages_refuse_other_methods(agreement, practitioner, client_for):
    referral = draft(practitioner)
    client = client_for(practitioner)
    assert client.delete(step_url(referral, "concern")).status_code == 405
    assert client.put(reverse("referrals:check", args=[referral.pk])).status_code == 405
    assert client.post(reverse("referrals:submitted", args=[referral.pk])).status_code == 405


# --- Query counts -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("slug", "queries"), [("about-the-person", STEP_QUERIES), ("concern", CONCERN_STEP_QUERIES),
                                               ("about-you", STEP_QUERIES), ("consent", STEP_QUERIES)])
def test_step_pages_run_a_fixed_number_of_queries(slug, queries, agreement, practitioner, client_for,
                                                  django_assert_num_queries):
    referral = draft(practitioner)
    client = client_for(practitioner)
    with django_assert_num_queries(queries):
        assert client.get(step_url(referral, slug)).status_code == 200


def test_check_your_answers_runs_a_fixed_number_of_queries(agreement, practitioner, client_for,
                                                           django_assert_num_queries):
    referral = draft(practitioner, aliases=[f"Alias {n}" for n in range(10)])
    client = client_for(practitioner)
    with django_assert_num_queries(CHECK_QUERIES):
        assert client.get(reverse("referrals:check", args=[referral.pk])).status_code == 200


# --- Drafts ------------------------------------------------------------------------------------------------------

def test_drafts_lists_only_my_unsent_referrals(agreement, practitioner, lead, client_for):
    mine = draft(practitioner, first_name="Mina", last_name="Draftson")
    draft(lead, first_name="Leah", last_name="Leadsdraft")
    submitted(practitioner, first_name="Sent", last_name="Already")
    text = client_for(practitioner).get(DRAFTS).text
    assert "Mina Draftson" in text and reverse("referrals:check", args=[mine.pk]) in text
    assert "Leadsdraft" not in text and "Already" not in text


def test_the_author_withdraws_a_draft_from_check_your_answers(agreement, practitioner, client_for, audit_rows):
    referral = draft(practitioner)
    response = client_for(practitioner).post(reverse("referrals:withdraw", args=[referral.pk]),
                                             {"reason": "Started by mistake."})
    assert response.status_code == 302 and response.url == DRAFTS
    assert fresh(referral).status == ReferralStatus.WITHDRAWN
    assert audit_rows(action__startswith="referrals.")[-1] == ("referrals.referral.withdrawn", "pat.practitioner")

