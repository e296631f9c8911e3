"""Learning notes: a safeguarding lead or manager writes what was learnt from a closed case, without anything that
identifies the person, and sends it for approval; another lead or manager (never the writer) checks the redaction
and approves it, which publishes it, or returns it with a reason. A published note can be withdrawn, with a reason,
if it turns out to identify someone.

Draft -> submitted -> published, or -> returned -> submitted again; published -> withdrawn.

The audit trail cannot be corrected, so the notes' words (which might, before redaction, name someone) never go
into it: events name the fields that changed, not what they say.
"""

from datetime import datetime

from django.db import transaction

from accounts.models import Membership
from audit.services import audit_record
from cases import permissions as case_permissions
from cases.models import Case, CaseStatus, InterventionType
from consensus.models import HomeOfficeCategory
from core.exceptions import DomainError, FieldErrors, InvalidTransition, PermissionDenied
from evidence import permissions
from evidence.models import (
    EDITABLE_NOTE_STATUSES,
    NOTE_TEXT_MAX,
    REASON_MAX,
    TITLE_MAX,
    LearningNote,
    LearningNoteIntervention,
    NoteStatus,
)
from evidence.redaction import known_from, redaction_errors
from referrals.services._common import backdated, moment

A = permissions.EvidenceAction
TEXT_FIELDS = {"title": ("Enter a title", TITLE_MAX),
               "what_was_tried": ("Say what was tried", NOTE_TEXT_MAX),
               "what_worked": ("Say what worked", NOTE_TEXT_MAX),
               "what_did_not": ("Say what did not work (or that nothing did not)", NOTE_TEXT_MAX)}
FIELDS = (*TEXT_FIELDS, "concern_category", "intervention_types")


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _clean(data: dict, *, complete: bool) -> tuple[dict, list[str]]:
    """The note's fields from ``data``, checked. A draft needs only a title; sending for approval needs all."""
    errors, values = {}, {}
    for field, (missing, limit) in TEXT_FIELDS.items():
        values[field] = _text(data.get(field))
        if len(values[field]) > limit:
            errors[field] = [f"This must be {limit:,} characters or fewer"]
        elif not values[field] and (complete or field == "title"):
            errors[field] = [missing]
    values["concern_category"] = data.get("concern_category") or ""
    if values["concern_category"] not in ("", *HomeOfficeCategory.values):
        errors["concern_category"] = ["Choose a type of concern from the list"]
    kinds = data.get("intervention_types") or []
    if isinstance(kinds, str) or not all(isinstance(kind, str) for kind in kinds):
        kinds = [""]
    if unknown := sorted(set(kinds) - set(InterventionType.values)):
        errors["intervention_types"] = [f"Choose intervention types from the list ({len(unknown)} not known)"]
    if complete and not kinds:
        errors["intervention_types"] = ["Choose at least one type of intervention the note is about"]
    if errors:
        raise FieldErrors(errors)
    return values, sorted(set(kinds))


def _closed_case(actor_membership: Membership, case_id) -> Case:
    """A closed case the actor can see (any other id gets the same message, so nothing is revealed)."""
    case = None
    if isinstance(case_id, int) and not isinstance(case_id, bool):
        case = (case_permissions.case_visible_to(actor_membership).select_related("subject", "referral")
                .filter(pk=case_id, status=CaseStatus.CLOSED).first())
    if case is None:
        raise FieldErrors({"case": ["Choose a closed case you can see"]})
    return case


def _set_kinds(note: LearningNote, kinds: list[str]) -> None:
    LearningNoteIntervention.objects.filter(note=note).exclude(kind__in=kinds).delete()
    have = set(LearningNoteIntervention.objects.filter(note=note).values_list("kind", flat=True))
    LearningNoteIntervention.objects.bulk_create(
        [LearningNoteIntervention(authority_id=note.authority_id, note=note, kind=kind)
         for kind in kinds if kind not in have])


def _kinds(note: LearningNote) -> list[str]:
    return sorted(LearningNoteIntervention.objects.filter(note=note).values_list("kind", flat=True))


def _check_redaction(note: LearningNote) -> None:
    case = Case.objects.select_related("subject", "referral").get(pk=note.case_id)
    known = known_from(case.subject, (case.reference, case.referral.reference))
    if errors := redaction_errors({field: getattr(note, field) for field in TEXT_FIELDS}, known):
        raise FieldErrors(errors, code="identifying")


def _lock(note: LearningNote | int, actor_membership: Membership, action: A, *, role_only=False) -> LearningNote:
    """Re-read the note with a row lock, from the actor's authority (another's: DoesNotExist, a 404), then ask the
    policy (PermissionDenied, a 403): about this note, or with ``role_only`` about the role alone (the service
    then says itself why this person may not)."""
    note_id = getattr(note, "pk", note)
    locked = (permissions.notes_of_authority_visible_to(actor_membership).select_for_update()
              .get(pk=note_id))
    permissions.require(actor_membership, action, None if role_only else locked)
    return locked


def _audit(action: str, note: LearningNote, actor_membership: Membership, at, **data) -> None:
    audit_record(action=action, actor=actor_membership.user, target=note,
                 data={"note_id": note.pk, "case_id": note.case_id, **data, **backdated(at)})


@transaction.atomic
def learning_note_create(*, actor_membership: Membership, case_id: int, data: dict,
                         at: datetime | None = None) -> LearningNote:
    """Start a learning note about a closed case. Without intervention types given, it takes the types of the
    case's interventions; without a type of concern, the referral's, when it had exactly one."""
    permissions.require(actor_membership, A.WRITE_NOTE)
    moment(at)
    errors = {}
    try:
        case = _closed_case(actor_membership, case_id)
    except FieldErrors as error:
        case, errors = None, error.as_errors()
    try:
        values, kinds = _clean(data, complete=False)
    except FieldErrors as error:
        raise FieldErrors({**errors, **error.as_errors()}) from None
    if errors:
        raise FieldErrors(errors)
    if not kinds and "intervention_types" not in data:
        kinds = sorted(set(case.interventions.values_list("kind", flat=True)))
    if not values["concern_category"] and "concern_category" not in data:
        categories = set(case.referral.concern_types.values_list("home_office_category", flat=True))
        values["concern_category"] = categories.pop() if len(categories) == 1 else ""
    note = LearningNote.objects.create(authority_id=case.authority_id, case=case, written_by=actor_membership.user,
                                       **values)
    _set_kinds(note, kinds)
    _audit("evidence.learning_note.drafted", note, actor_membership, at, fields=sorted(values))
    return note


@transaction.atomic
def learning_note_update(*, note: LearningNote, actor_membership: Membership, data: dict) -> LearningNote:
    """Change a draft or returned note (its writer only). Fields not in ``data`` stay as they are."""
    note = _lock(note, actor_membership, A.EDIT_NOTE)
    if note.status not in EDITABLE_NOTE_STATUSES:
        raise InvalidTransition(f"This note is {note.get_status_display().lower()}, so it cannot be changed.")
    current = {field: getattr(note, field) for field in (*TEXT_FIELDS, "concern_category")}
    current["intervention_types"] = _kinds(note)
    values, kinds = _clean({**current, **{key: data[key] for key in FIELDS if key in data}}, complete=False)
    changed = sorted(field for field, value in values.items() if value != current[field])
    if kinds != current["intervention_types"]:
        changed.append("intervention_types")
    if not changed:
        return note
    for field, value in values.items():
        setattr(note, field, value)
    note.save(update_fields=[*values, "updated_at"])
    _set_kinds(note, kinds)
    _audit("evidence.learning_note.changed", note, actor_membership, None, fields=sorted(changed))
    return note


@transaction.atomic
def learning_note_submit(*, note: LearningNote, actor_membership: Membership,
                         at: datetime | None = None) -> LearningNote:
    """Send a complete note for approval (its writer only). Refused while it holds a detail that could identify
    someone, with what kind of detail and where."""
    note = _lock(note, actor_membership, A.SUBMIT_NOTE)
    if note.status not in EDITABLE_NOTE_STATUSES:
        raise InvalidTransition(f"This note is {note.get_status_display().lower()}, so it cannot be sent again.")
    current = {field: getattr(note, field) for field in (*TEXT_FIELDS, "concern_category")}
    _clean({**current, "intervention_types": _kinds(note)}, complete=True)
    _check_redaction(note)
    old = note.status
    note.status, note.submitted_at = NoteStatus.SUBMITTED, moment(at)
    note.save(update_fields=["status", "submitted_at", "updated_at"])
    _audit("evidence.learning_note.submitted", note, actor_membership, at,
           old={"status": old}, new={"status": note.status})
    return note


def _require_reviewable(note: LearningNote, actor_membership: Membership) -> None:
    if note.status != NoteStatus.SUBMITTED:
        raise InvalidTransition(f"This note is {note.get_status_display().lower()}, so it cannot be approved or "
                                "returned now.")
    if note.written_by_id == actor_membership.user_id:
        raise PermissionDenied("You wrote this note, so another safeguarding lead or manager must check it.")


@transaction.atomic
def learning_note_approve(*, note: LearningNote, actor_membership: Membership,
                          at: datetime | None = None) -> LearningNote:
    """Approve the redaction and publish the note: a lead or manager who did not write it. The identifying-detail
    check runs again; if it finds something, return the note instead."""
    note = _lock(note, actor_membership, A.REVIEW_NOTE, role_only=True)
    _require_reviewable(note, actor_membership)
    try:
        _check_redaction(note)
    except FieldErrors as error:
        raise DomainError("This note could still identify someone. Return it to the writer to change it.",
                          code="identifying") from error
    when = moment(at)
    note.status, note.reviewed_by, note.reviewed_at, note.published_at = (
        NoteStatus.PUBLISHED, actor_membership.user, when, when)
    note.return_reason = ""
    note.save(update_fields=["status", "reviewed_by", "reviewed_at", "published_at", "return_reason", "updated_at"])
    _audit("evidence.learning_note.approved", note, actor_membership, at,
           old={"status": NoteStatus.SUBMITTED}, new={"status": note.status}, written_by_id=note.written_by_id)
    return note


def _reason(reason, what: str) -> str:
    reason = _text(reason)
    if not reason:
        raise FieldErrors({"reason": [f"Say {what}"]})
    if len(reason) > REASON_MAX:
        raise FieldErrors({"reason": [f"The reason must be {REASON_MAX:,} characters or fewer"]})
    return reason


@transaction.atomic
def learning_note_return(*, note: LearningNote, actor_membership: Membership, reason: str,
                         at: datetime | None = None) -> LearningNote:
    """Return a note to its writer with what to change: a lead or manager who did not write it."""
    note = _lock(note, actor_membership, A.REVIEW_NOTE, role_only=True)
    _require_reviewable(note, actor_membership)
    reason = _reason(reason, "what the writer needs to change")
    note.status, note.reviewed_by, note.reviewed_at, note.return_reason = (
        NoteStatus.RETURNED, actor_membership.user, moment(at), reason)
    note.save(update_fields=["status", "reviewed_by", "reviewed_at", "return_reason", "updated_at"])
    _audit("evidence.learning_note.returned", note, actor_membership, at,
           old={"status": NoteStatus.SUBMITTED}, new={"status": note.status})
    return note


@transaction.atomic
def learning_note_withdraw(*, note: LearningNote, actor_membership: Membership, reason: str,
                           at: datetime | None = None) -> LearningNote:
    """Take a published note down (for example, it turns out to identify someone): a lead or manager."""
    note = _lock(note, actor_membership, A.WITHDRAW_NOTE)
    if note.status != NoteStatus.PUBLISHED:
        raise InvalidTransition(f"This note is {note.get_status_display().lower()}, so it cannot be withdrawn.")
    reason = _reason(reason, "why the note is being withdrawn")
    note.status, note.withdrawn_by, note.withdrawn_at, note.withdrawn_reason = (
        NoteStatus.WITHDRAWN, actor_membership.user, moment(at), reason)
    note.save(update_fields=["status", "withdrawn_by", "withdrawn_at", "withdrawn_reason", "updated_at"])
    _audit("evidence.learning_note.withdrawn", note, actor_membership, at,
           old={"status": NoteStatus.PUBLISHED}, new={"status": note.status})
    return note
