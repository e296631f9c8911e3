"""A referral's page (/referrals/<id>/): what each role sees, the duplicate check for screeners, the history, the
audited view, and the screening actions taken from it (start screening, assign, add a note)."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from accounts.roles import Role
from core.tenancy import authority_scope
from referrals.models import ReferralStatus, ScreeningNote
from referrals.services import referral_assign, referral_decide, referral_screening_note_add, referral_start_screening
from tests.referrals.conftest import draft, fresh, make_member, submitted

pytestmark = pytest.mark.django_db

NOTE = "Checked children's services records: one earlier contact in 2023, no open case."
# Session, user, OTP device and membership (4); the referral and its codes (4); the view's audit event (8: the
# chain head read and locked, the event, the head's update, and their savepoints); any case (1); the history's
# transitions and notes (2); the duplicate check with the earlier referrals (2); the people it can be assigned to
# (1); the request's savepoint (2) and the session's update (3).
LEAD_PAGE_QUERIES = 27


def audit_since(audit_rows):
    """The audit rows written from now on (``audit_rows`` counts from before the test's own setup)."""
    seen = len(audit_rows())
    return lambda: audit_rows()[seen:]


def detail(referral):
    return reverse("referrals:detail", args=[referral.pk])


def screen(referral, lead, *notes):
    with authority_scope(lead.authority_id):
        referral = referral_start_screening(referral=referral, actor_membership=lead)
        for text in notes:
            referral_screening_note_add(referral=referral, actor_membership=lead, kind="checks_made", text=text)
    return referral


# --- Who sees what ------------------------------------------------------------------------------------------------

def test_a_lead_sees_the_whole_referral_and_the_view_is_recorded(agreement, practitioner, lead, client_for,
                                                                 audit_rows):
    referral = screen(submitted(practitioner), lead, NOTE)
    response = client_for(lead).get(detail(referral))
    assert response.status_code == 200
    text = response.text
    assert f'<h1 class="govuk-heading-l">{referral.reference}</h1>' in text
    for shown in ("Jamie Calloway", "Jay Calloway", "Has been sharing extremist videos", "Extreme right-wing",
                  "Children team", "Made under version 1 of", "Screening started", "Checks made".lower(),
                  "Earlier referrals that may be about the same person", "Add a screening note",
                  "Record a decision", "Withdraw this referral"):
        assert shown in text, shown
    assert "one earlier contact in 2023" in text
    assert f'href="{reverse("consensus:agreement")}"' in text
    assert audit_rows(action="referrals.referral.viewed") == [("referrals.referral.viewed", "lee.lead")]


def test_the_author_sees_status_and_outcome_but_not_screening_notes_or_duplicates(agreement, practitioner, lead,
                                                                                 client_for, audit_rows):
    submitted(practitioner)  # an earlier referral about the same person
    referral = screen(submitted(practitioner), lead, NOTE)
    with authority_scope(lead.authority_id):
        referral_decide(referral=referral, actor_membership=lead, pathway_code="early_help",
                        rationale="Needs support, no radicalisation risk that needs a case.")
    text = client_for(practitioner).get(detail(referral)).text
    assert "Decided" in text and "Signpost to universal services or early help" in text
    assert "one earlier contact" not in text and "Screening note" not in text
    assert "Earlier referrals that may be about the same person" not in text
    assert "What you can do" not in text
    assert audit_rows(action="referrals.referral.viewed") == [("referrals.referral.viewed", "pat.practitioner")]


def test_a_practitioner_given_a_referral_can_see_it_and_others_cannot(agreement, practitioner, lead, manager,
                                                                     client_for):
    other = make_member(lead.authority, Role.PRACTITIONER, "olly.other")
    referral = submitted(manager)
    assert client_for(practitioner).get(detail(referral)).status_code == 404
    with authority_scope(lead.authority_id):
        referral_assign(referral=referral, assignee_user_id=practitioner.user_id, actor_membership=lead)
    assert client_for(practitioner).get(detail(referral)).status_code == 200
    assert client_for(other).get(detail(referral)).status_code == 404


def test_outsiders_bad_ids_and_wrong_roles(agreement, practitioner, outsider, admin_member, dpo, client_for):
    referral = submitted(practitioner)
    assert client_for(outsider).get(detail(referral)).status_code == 404
    assert client_for(practitioner).get(reverse("referrals:detail", args=[999999])).status_code == 404
    assert client_for(admin_member).get(detail(referral)).status_code == 403
    assert client_for(dpo).get(detail(referral)).status_code == 403
    assert client_for(practitioner).post(detail(referral)).status_code == 405


def test_a_draft_opens_at_check_your_answers_for_its_author_only(agreement, practitioner, lead, client_for):
    referral = draft(practitioner)
    response = client_for(practitioner).get(detail(referral))
    assert response.status_code == 302 and response.url == reverse("referrals:check", args=[referral.pk])
    assert client_for(lead).get(detail(referral)).status_code == 404


def test_immediate_risk_and_overdue_are_flagged(agreement, practitioner, lead, client_for):
    referral = submitted(practitioner, immediate_risk=True)
    with scopes_disabled():
        type(referral).objects.filter(pk=referral.pk).update(decision_due_at=referral.submitted_at)
    text = client_for(lead).get(detail(referral)).text
    assert '<strong class="govuk-tag govuk-tag--red">Immediate risk</strong>' in text
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in text
    assert "The referrer said someone may be in immediate danger. If anyone still is, make sure 999 has been " \
           "called." in text


def test_what_people_typed_is_shown_as_text(agreement, practitioner, lead, client_for):
    referral = screen(submitted(practitioner, concern="<script>alert('concern')</script> and enough words here"),
                      lead, "<img src=x onerror=alert(1)> a note")
    text = client_for(lead).get(detail(referral)).text
    assert "<script>alert(" not in text and "&lt;script&gt;alert(" in text
    assert "<img src=x" not in text and "&lt;img src=x onerror=alert(1)&gt;" in text


# --- The duplicate check -------------------------------------------------------------------------------------------

def test_screeners_see_earlier_referrals_about_the_same_person(agreement, practitioner, lead, client_for):
    earlier = submitted(practitioner, first_name="Jamie", last_name="Calloway")
    with authority_scope(lead.authority_id):
        referral_decide(referral=earlier, actor_membership=lead, pathway_code="no_further_action",
                        rationale="No risk of radicalisation found; advice given to the school.")
    referral = submitted(practitioner, first_name="Jamey", last_name="Calloway")
    text = client_for(lead).get(detail(referral)).text
    section = text[text.index('id="earlier-referrals"'):text.index('id="history"')]
    assert "Likely the same person" in section
    assert "% match" in section and "Same date of birth" in section
    assert f'href="{detail(earlier)}">{earlier.reference}</a>' in section
    assert "No further action (advice given)" in section


def test_when_nothing_matched_the_page_says_so(agreement, practitioner, lead, client_for):
    referral = submitted(practitioner)
    assert "No earlier referral looks like it was about the same person." in client_for(lead).get(
        detail(referral)).text


# --- Query counts ---------------------------------------------------------------------------------------------------

def test_the_page_runs_a_fixed_number_of_queries_however_long_its_history(agreement, practitioner, lead, client_for,
                                                                          django_assert_num_queries):
    for _ in range(2):
        submitted(practitioner)
    small = screen(submitted(practitioner), lead, NOTE)
    for _ in range(4):
        submitted(practitioner)
    large = screen(submitted(practitioner), lead, *[f"{NOTE} ({n})" for n in range(8)])
    client = client_for(lead)
    for referral in (small, large):
        with django_assert_num_queries(LEAD_PAGE_QUERIES):
            assert client.get(detail(referral)).status_code == 200


# --- Start screening ------------------------------------------------------------------------------------------------

def test_a_lead_starts_screening_and_it_is_assigned_to_them(agreement, practitioner, lead, client_for, audit_rows):
    referral = submitted(practitioner)
    client, written = client_for(lead), audit_since(audit_rows)
    response = client.post(reverse("referrals:start_screening", args=[referral.pk]))
    assert response.status_code == 302 and response.url == detail(referral)
    referral = fresh(referral)
    assert (referral.status, referral.assigned_to_id) == (ReferralStatus.SCREENING, lead.user_id)
    assert written() == [("referrals.referral.screening_started", "lee.lead")]
    assert f"You have started screening {referral.reference}." in client.get(detail(referral)).text


def test_start_screening_checklist(agreement, practitioner, lead, outsider, client_for):
    referral = submitted(practitioner)
    url = reverse("referrals:start_screening", args=[referral.pk])
    assert client_for(lead).get(url).status_code == 405
    assert client_for(practitioner).post(url).status_code == 403
    assert client_for(outsider).post(url).status_code == 404
    assert client_for(lead).post(reverse("referrals:start_screening", args=[999999])).status_code == 404
    assert fresh(referral).status == ReferralStatus.SUBMITTED


def test_starting_screening_on_a_decided_referral_is_a_conflict(agreement, practitioner, lead, manager, client_for):
    referral = submitted(practitioner)
    with authority_scope(manager.authority_id):
        referral_decide(referral=referral, actor_membership=manager, pathway_code="no_further_action",
                        rationale="No risk of radicalisation found; advice given.")
    response = client_for(lead).post(reverse("referrals:start_screening", args=[referral.pk]))
    assert response.status_code == 409
    assert "Someone else decided this referral a moment ago. Their decision is shown below." in response.text


# --- Assigning ------------------------------------------------------------------------------------------------------

def test_a_lead_assigns_a_referral_to_a_practitioner(agreement, practitioner, lead, client_for, audit_rows):
    referral = submitted(practitioner)
    written = audit_since(audit_rows)
    response = client_for(lead).post(reverse("referrals:assign", args=[referral.pk]),
                                     {"assign-assigned_to": str(practitioner.user_id)})
    assert response.status_code == 302
    assert fresh(referral).assigned_to_id == practitioner.user_id
    assert written() == [("referrals.referral.assigned", "lee.lead")]


def test_the_assign_list_offers_the_people_who_work_on_referrals(agreement, practitioner, lead, admin_member,
                                                                 client_for):
    text = client_for(lead).get(detail(submitted(practitioner))).text
    form = text[text.index('id="id_assign-assigned_to"'):]
    form = form[:form.index("</select>")]
    assert f'value="{practitioner.user_id}"' in form and f'value="{admin_member.user_id}"' not in form


def test_assigning_to_someone_who_does_not_work_on_referrals_is_refused(agreement, practitioner, lead, admin_member,
                                                                        client_for, audit_rows):
    referral = submitted(practitioner)
    written = audit_since(audit_rows)
    response = client_for(lead).post(reverse("referrals:assign", args=[referral.pk]),
                                     {"assign-assigned_to": str(admin_member.user_id)})
    assert response.status_code == 400
    assert 'id="id_assign-assigned_to-error"' in response.text
    assert "Choose someone in your authority who works on referrals." in response.text
    assert fresh(referral).assigned_to_id is None
    assert written() == [("referrals.referral.viewed", "lee.lead")]  # the page shown again, nothing changed


def test_assign_checklist(agreement, practitioner, lead, outsider, client_for):
    referral = submitted(practitioner)
    url = reverse("referrals:assign", args=[referral.pk])
    data = {"assign-assigned_to": str(lead.user_id)}
    assert client_for(lead).get(url).status_code == 405
    assert client_for(practitioner).post(url, data).status_code == 403
    assert client_for(outsider).post(url, data).status_code == 404
    assert client_for(lead).post(reverse("referrals:assign", args=[999999]), data).status_code == 404
    assert fresh(referral).assigned_to_id is None


# --- Screening notes ------------------------------------------------------------------------------------------------

def test_a_lead_adds_a_screening_note(agreement, practitioner, lead, client_for, audit_rows):
    referral = submitted(practitioner)
    written = audit_since(audit_rows)
    response = client_for(lead).post(reverse("referrals:note_add", args=[referral.pk]),
                                     {"note-kind": "partner_information", "note-text": "Police have no record."})
    assert response.status_code == 302
    with scopes_disabled():
        note = ScreeningNote.objects.get(referral_id=referral.pk)
    assert (note.kind, note.text, note.author) == ("partner_information", "Police have no record.", lead.user)
    assert written() == [("referrals.screening_note.added", "lee.lead")]


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"note-kind": "checks_made", "note-text": "  "}, "id_note-text", "Enter the note."),
    ({"note-kind": "", "note-text": "Something"}, "id_note-kind", "Choose what kind of note this is."),
    ({"note-kind": "checks_made", "note-text": "x" * 5001}, "id_note-text",
     "The note must be 5,000 characters or fewer."),
])
def test_a_bad_note_is_refused_next_to_its_field(data, field, message, agreement, practitioner, lead, client_for,
                                                 audit_rows):
    referral = submitted(practitioner)
    written = audit_since(audit_rows)
    response = client_for(lead).post(reverse("referrals:note_add", args=[referral.pk]), data)
    assert response.status_code == 400
    assert f'id="{field}-error"' in response.text and f'<a href="#{field}">{message}</a>' in response.text
    with scopes_disabled():
        assert not ScreeningNote.objects.filter(referral_id=referral.pk).exists()
    assert written() == [("referrals.referral.viewed", "lee.lead")]


def test_note_checklist(agreement, practitioner, lead, outsider, client_for):
    referral = submitted(practitioner)
    url = reverse("referrals:note_add", args=[referral.pk])
    data = {"note-kind": "checks_made", "note-text": "Checked."}
    assert client_for(lead).get(url).status_code == 405
    assert client_for(practitioner).post(url, data).status_code == 403
    assert client_for(outsider).post(url, data).status_code == 404
    with scopes_disabled():
        assert not ScreeningNote.objects.exists()
