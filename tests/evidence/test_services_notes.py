"""Learning notes: written by a lead about a closed case, checked for identifying details, approved by a second
lead (never the writer), returned with a reason, withdrawn; every change audited without the note's words."""

import pytest
from django.db import IntegrityError, transaction
from django_scopes import scopes_disabled

from accounts.roles import Role
from audit.models import AuditEvent
from core.exceptions import DomainError, FieldErrors, InvalidTransition, PermissionDenied
from core.tenancy import authority_scope
from evidence.models import LearningNote, NoteStatus
from evidence.services import (
    learning_note_approve,
    learning_note_create,
    learning_note_return,
    learning_note_submit,
    learning_note_update,
    learning_note_withdraw,
)
from tests.evidence.conftest import NOTE, write_note
from tests.referrals.conftest import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_case(home_rows):
    case = home_rows.case(first_name="Robin", last_name="Ashgrove", concerns=("islamist",))
    home_rows.intervention(case, kind="education")
    return case


@pytest.fixture
def second_lead(home, teams):
    return make_member(home, Role.SAFEGUARDING_LEAD, "sam.secondlead")


def act(member, service, **kwargs):
    with authority_scope(member.authority_id):
        return service(actor_membership=member, **kwargs)


def fresh(note):
    with scopes_disabled():
        return LearningNote.objects.get(pk=note.pk)


def test_a_note_goes_from_draft_to_published_with_a_second_lead(lead, second_lead, closed_case, audit_rows):
    note = write_note(lead, closed_case)
    assert note.status == NoteStatus.DRAFT and note.written_by == lead.user
    act(lead, learning_note_submit, note=note)
    act(second_lead, learning_note_approve, note=note)
    note = fresh(note)
    assert note.status == NoteStatus.PUBLISHED and note.reviewed_by == second_lead.user and note.published_at
    assert audit_rows() == [("evidence.learning_note.drafted", "lee.lead"),
                            ("evidence.learning_note.submitted", "lee.lead"),
                            ("evidence.learning_note.approved", "sam.secondlead")]


def test_the_audit_trail_never_holds_the_notes_words(lead, second_lead, closed_case):
    note = write_note(lead, closed_case)
    act(lead, learning_note_update, note=note, data={"what_worked": "Patience, and a mentor they trusted."})
    act(lead, learning_note_submit, note=note)
    act(second_lead, learning_note_return, note=note, reason="Say less about the family's move.")
    with scopes_disabled():
        text = " ".join(str(event.data) for event in AuditEvent.objects.filter(action__startswith="evidence."))
    for words in (NOTE["what_was_tried"], "Patience", "family's move", NOTE["title"]):
        assert words not in text
    assert "what_worked" in text  # the field that changed is named


def test_a_note_without_tags_takes_the_cases_interventions_and_concern(lead, closed_case):
    data = {key: value for key, value in NOTE.items() if key not in ("intervention_types", "concern_category")}
    with authority_scope(lead.authority_id):
        note = learning_note_create(actor_membership=lead, case_id=closed_case.pk, data=data)
        assert list(note.intervention_types.values_list("kind", flat=True)) == ["education"]
    assert note.concern_category == "islamist"


def test_tags_given_empty_stay_empty(lead, closed_case):
    note = write_note(lead, closed_case, intervention_types=[], concern_category="")
    with authority_scope(lead.authority_id):
        assert not note.intervention_types.exists()
    assert note.concern_category == ""


def test_only_a_closed_case_the_writer_can_see(lead, home_rows, away_rows):
    open_case = home_rows.case(closed=False)
    other = away_rows.case()
    for case in (open_case, other):
        with pytest.raises(FieldErrors) as refused:
            write_note(lead, case)
        assert refused.value.as_errors()["case"] == ["Choose a closed case you can see"]


@pytest.mark.parametrize("persona", ["practitioner", "admin_member", "dpo"])
def test_only_leads_and_managers_write_notes(persona, request, closed_case):
    with pytest.raises(PermissionDenied):
        write_note(request.getfixturevalue(persona), closed_case)


def test_a_draft_needs_a_title_and_sending_it_needs_every_part(lead, closed_case):
    with pytest.raises(FieldErrors) as refused:
        write_note(lead, closed_case, title=" ")
    assert refused.value.as_errors() == {"title": ["Enter a title"]}
    note = write_note(lead, closed_case, what_worked="")
    with pytest.raises(FieldErrors) as refused:
        act(lead, learning_note_submit, note=note)
    assert refused.value.as_errors() == {"what_worked": ["Say what worked"]}
    assert fresh(note).status == NoteStatus.DRAFT


def test_unknown_tags_are_refused(lead, closed_case):
    with pytest.raises(FieldErrors) as refused:
        write_note(lead, closed_case, intervention_types=["mentoring", "astrology"], concern_category="martian")
    assert set(refused.value.as_errors()) == {"intervention_types", "concern_category"}


@pytest.mark.parametrize("field, text, found", [
    ("what_worked", "Robin responded well to the mentor.", "the person's name"),
    ("what_did_not", "Meeting at ASHGROVE house did not help.", "the person's name"),
    ("what_was_tried", "A visit to TT1 1AA with the family.", "a postcode"),
    ("what_was_tried", "Sessions at Testtown Academy after school.", "their school or workplace"),
    ("title", "Learning from TST-C-2026", "the case or referral reference"),
    ("what_worked", "Calls to 07700 900123 each week.", "a phone number"),
])
def test_sending_is_refused_while_the_note_could_identify_someone(lead, closed_case, field, text, found):
    if field == "title":
        with scopes_disabled():
            text = f"Learning from {closed_case.reference}"
    note = write_note(lead, closed_case, **{field: text})
    with pytest.raises(FieldErrors) as refused:
        act(lead, learning_note_submit, note=note)
    (message,) = refused.value.as_errors()[field]
    assert found in message and "Robin" not in message


def test_a_word_that_is_also_a_name_is_fine_in_lower_case(lead, home_rows):
    case = home_rows.case(first_name="Hope", last_name="Read")
    note = write_note(lead, case, what_worked="We hope the family read the plan; the mentor gave hope.")
    assert act(lead, learning_note_submit, note=note).status == NoteStatus.SUBMITTED


def test_the_writer_cannot_approve_their_own_note(lead, closed_case, audit_rows):
    note = write_note(lead, closed_case)
    act(lead, learning_note_submit, note=note)
    with pytest.raises(PermissionDenied) as refused:
        act(lead, learning_note_approve, note=note)
    assert "another safeguarding lead or manager" in refused.value.message
    with scopes_disabled(), pytest.raises(IntegrityError), transaction.atomic():
        LearningNote.objects.filter(pk=note.pk).update(reviewed_by=lead.user)
    assert fresh(note).status == NoteStatus.SUBMITTED


@pytest.mark.parametrize("persona", ["practitioner", "admin_member", "outsider"])
def test_others_cannot_approve(persona, request, lead, closed_case):
    note = write_note(lead, closed_case)
    act(lead, learning_note_submit, note=note)
    member = request.getfixturevalue(persona)
    with pytest.raises((PermissionDenied, LearningNote.DoesNotExist)):
        act(member, learning_note_approve, note=note)
    assert fresh(note).status == NoteStatus.SUBMITTED


def test_a_manager_may_approve(lead, manager, closed_case):
    note = write_note(lead, closed_case)
    act(lead, learning_note_submit, note=note)
    assert act(manager, learning_note_approve, note=note).status == NoteStatus.PUBLISHED


def test_a_returned_note_is_changed_and_sent_again(lead, second_lead, closed_case, audit_rows):
    note = write_note(lead, closed_case)
    act(lead, learning_note_submit, note=note)
    with pytest.raises(FieldErrors):
        act(second_lead, learning_note_return, note=note, reason="  ")
    act(second_lead, learning_note_return, note=note, reason="Leave out the sports club's location.")
    assert fresh(note).status == NoteStatus.RETURNED
    act(lead, learning_note_update, note=note, data={"what_was_tried": "Weekly mentoring at a sports club."})
    act(lead, learning_note_submit, note=note)
    act(second_lead, learning_note_approve, note=note)
    assert fresh(note).status == NoteStatus.PUBLISHED and fresh(note).return_reason == ""
    assert [action for action, _ in audit_rows()][-4:] == [
        "evidence.learning_note.returned", "evidence.learning_note.changed", "evidence.learning_note.submitted",
        "evidence.learning_note.approved"]


def test_only_the_writer_changes_a_note_and_only_before_it_is_sent(lead, second_lead, closed_case):
    note = write_note(lead, closed_case)
    with pytest.raises(PermissionDenied):
        act(second_lead, learning_note_update, note=note, data={"title": "Another title"})
    act(lead, learning_note_submit, note=note)
    with pytest.raises(InvalidTransition):
        act(lead, learning_note_update, note=note, data={"title": "Another title"})
    with pytest.raises(InvalidTransition):
        act(lead, learning_note_submit, note=note)


def test_a_published_note_can_be_withdrawn_with_a_reason(lead, second_lead, closed_case, audit_rows):
    note = write_note(lead, closed_case)
    with pytest.raises(InvalidTransition):
        act(second_lead, learning_note_withdraw, note=note, reason="Not published yet.")
    act(lead, learning_note_submit, note=note)
    act(second_lead, learning_note_approve, note=note)
    act(lead, learning_note_withdraw, note=note, reason="A reader recognised the club.")
    note = fresh(note)
    assert note.status == NoteStatus.WITHDRAWN and note.withdrawn_by == lead.user
    assert audit_rows()[-1] == ("evidence.learning_note.withdrawn", "lee.lead")


def test_approval_checks_for_identifying_details_again(lead, second_lead, closed_case):
    note = write_note(lead, closed_case)
    act(lead, learning_note_submit, note=note)
    with scopes_disabled():
        LearningNote.objects.filter(pk=note.pk).update(what_worked="Robin enjoyed it.")
    with pytest.raises(DomainError) as refused:
        act(second_lead, learning_note_approve, note=note)
    assert "Return it to the writer" in refused.value.message
    assert fresh(note).status == NoteStatus.SUBMITTED


def test_another_authoritys_lead_cannot_reach_a_note(lead, closed_case, outsider):
    note = write_note(lead, closed_case)
    with pytest.raises(LearningNote.DoesNotExist):
        act(outsider, learning_note_update, note=note, data={"title": "Changed"})
