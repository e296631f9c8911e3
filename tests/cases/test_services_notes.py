"""note_add: append-only case notes, corrected by new notes that point at the old ones."""

import pytest
from django.db import DatabaseError, connection, transaction
from django_scopes import scopes_disabled

from cases.models import Case, CaseNote
from cases.services import note_add
from cases.services._common import today
from core.exceptions import FieldErrors, PermissionDenied
from core.tenancy import authority_scope
from tests.cases.casework import assign, close, counts, days_ago, last_audit, restrict_for
from tests.cases.conftest import open_case
from tests.referrals.conftest import fresh

pytestmark = pytest.mark.django_db


def note(case, membership, **values):
    values = {"kind": "visit", "occurred_on": days_ago(1), "text": "Home visit: Jamie was calm and talkative.",
              **values}
    with authority_scope(membership.authority_id):
        return note_add(case=case, actor_membership=membership, **values)


def refused(case, membership, **values) -> dict:
    before = counts(CaseNote)
    with pytest.raises(FieldErrors) as error:
        note(case, membership, **values)
    assert counts(CaseNote) == before
    return error.value.errors


def test_a_note_is_added_to_the_case_and_its_person(case, lead, audit_rows):
    seen = len(audit_rows())
    added = fresh(note(case, lead))
    assert (added.case_id, added.subject_id, added.kind, added.occurred_on) == (
        case.pk, case.subject_id, "visit", days_ago(1))
    assert (added.text, added.written_by, added.corrects_id) == (
        "Home visit: Jamie was calm and talkative.", lead.user, None)
    assert added.written_at is not None
    assert audit_rows()[seen:] == [("cases.note.added", "lee.lead")]
    data = last_audit("cases.note.added").data
    assert (data["note_id"], data["kind"], data["occurred_on"]) == (added.pk, "visit", days_ago(1).isoformat())
    assert "text" not in data and "corrects_id" not in data


def test_a_correction_is_a_new_note_pointing_at_the_old_one(case, lead, audit_rows):
    original = note(case, lead)
    seen = len(audit_rows())
    correction = note(case, lead, corrects_id=original.pk, text="Home visit: Jamie was calm; his sister was there.")
    assert fresh(correction).corrects_id == original.pk
    assert fresh(original).text == "Home visit: Jamie was calm and talkative."
    assert audit_rows()[seen:] == [("cases.note.corrected", "lee.lead")]
    assert last_audit("cases.note.corrected").data["corrects_id"] == original.pk


def test_a_correction_must_point_at_a_note_of_the_same_case(case, agreement, practitioner, lead, audit_rows):
    elsewhere = note(open_case(practitioner, lead), lead)
    seen = len(audit_rows())
    for wrong in (elsewhere.pk, 999_999, "abc"):
        assert refused(case, lead, corrects_id=wrong) == {"corrects_id": ["Choose a note of this case to correct"]}
    assert audit_rows()[seen:] == []


def test_every_problem_is_reported_at_once(case, lead, audit_rows):
    seen = len(audit_rows())
    assert refused(case, lead, kind="gossip", occurred_on=days_ago(-1), text="   ") == {
        "kind": ["Choose what kind of note this is"], "occurred_on": ["Enter a date that is not in the future"],
        "text": ["Enter the note"]}
    assert refused(case, lead, occurred_on=None, text="x" * 10_001) == {
        "occurred_on": ["Enter the date it happened"], "text": ["The note must be 10,000 characters or fewer"]}
    assert refused(case, lead, occurred_on="2026-13-01") == {
        "occurred_on": ["The date it happened must be a real date"]}
    assert audit_rows()[seen:] == []


def test_notes_are_append_only_in_the_orm(case, lead):
    added = fresh(note(case, lead))
    added.text = "Changed"
    with pytest.raises(ValueError, match="append-only"):
        added.save()
    with pytest.raises(ValueError, match="append-only"):
        added.delete()


def test_the_database_refuses_to_update_or_delete_a_note(case, lead):
    assert connection.vendor == "postgresql"
    added = note(case, lead)
    for statement in ("UPDATE cases_casenote SET text = 'Changed' WHERE id = %s",
                      "DELETE FROM cases_casenote WHERE id = %s"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [added.pk])
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), scopes_disabled():
        CaseNote.objects.filter(pk=added.pk).update(text="Changed")
    assert fresh(added).text == "Home visit: Jamie was calm and talkative."


# Who may write notes, and corrections after closure.

def test_a_practitioner_writes_notes_only_with_the_work_on_case_grant(case, practitioner, lead):
    with pytest.raises(Case.DoesNotExist):
        note(case, practitioner)
    assign(case, practitioner, lead)
    assert note(case, practitioner).written_by == practitioner.user


def test_notes_stop_at_closure_but_their_author_may_still_correct_them(case, practitioner, lead, manager,
                                                                       audit_rows):
    assign(case, practitioner, lead)
    by_practitioner, by_lead = note(case, practitioner), note(case, lead)
    close(case, lead, manager)
    for member in (practitioner, lead):
        with pytest.raises(PermissionDenied):
            note(case, member)
    seen = len(audit_rows())
    note(case, practitioner, corrects_id=by_practitioner.pk, occurred_on=today())
    note(case, lead, corrects_id=by_lead.pk)
    assert audit_rows()[seen:] == [("cases.note.corrected", "pat.practitioner"), ("cases.note.corrected", "lee.lead")]
    for member, other in ((manager, by_lead), (lead, by_practitioner), (practitioner, by_lead)):
        with pytest.raises(PermissionDenied):
            note(case, member, corrects_id=other.pk)


def test_named_access_alone_allows_no_notes(case, practitioner, lead):
    restrict_for(case, practitioner, lead)
    with pytest.raises(PermissionDenied):
        note(case, practitioner)


def test_wrong_roles_and_other_authorities_are_refused(case, lead, admin_member, dpo, outsider, away_agreement,
                                                       audit_rows):
    written = note(case, lead)
    seen = len(audit_rows())
    for member in (admin_member, dpo, outsider):
        with pytest.raises(Case.DoesNotExist):
            note(case, member)
        with pytest.raises(Case.DoesNotExist):
            note(case, member, corrects_id=written.pk)
    assert audit_rows()[seen:] == []
    with scopes_disabled():
        assert CaseNote.objects.count() == 1
