"""Applications to court, challenges to interventions, and case notes (append-only: a correction is a new note
pointing at the one it corrects)."""

from datetime import date, datetime

from django.db import transaction

from accounts.models import Membership
from audit.services import audit_record
from cases import permissions
from cases.chronology import clean_kinds, subject_visible_to
from cases.models import (
    Case,
    CaseNote,
    Challenge,
    ChallengeOutcome,
    ChallengeSource,
    Intervention,
    LegalAction,
    LegalActionKind,
    LegalOutcome,
    NoteKind,
)
from cases.models.choices import NOTE_MAX, PROVIDER_MAX, SUMMARY_MAX
from cases.permissions import CaseAction
from cases.services._casework_input import Checks
from cases.services._common import backdated, local_date, lock_case, moment
from core.exceptions import InvalidTransition
from referrals.models import Subject

DECIDED_OUTCOMES = (LegalOutcome.GRANTED, LegalOutcome.REFUSED, LegalOutcome.WITHDRAWN)
ANSWERED_OUTCOMES = tuple(outcome for outcome in ChallengeOutcome.values if outcome != ChallengeOutcome.OPEN)


def _locked(model, record, actor_membership: Membership, action: CaseAction = CaseAction.RECORD):
    """The record's case locked through the policy (not visible: DoesNotExist), then the record itself."""
    record_id = getattr(record, "pk", record)
    case_id = model.objects.filter(pk=record_id).values_list("case_id", flat=True).first()
    if case_id is None:
        raise model.DoesNotExist(f"No such {model._meta.verbose_name} in this authority")
    case = lock_case(case_id, actor_membership, action)
    return case, model.objects.select_for_update().get(pk=record_id, case=case)


# Applications to court.

@transaction.atomic
def legal_action_record(*, case: Case | int, actor_membership: Membership, kind: str, applied_on: date,
                        court: str = "", hearing_on: date | None = None, at: datetime | None = None) -> LegalAction:
    """Record an application to court (child assessment order, emergency protection order, care or supervision
    order, inherent jurisdiction, deprivation of liberty), waiting for the court's decision."""
    case = lock_case(case, actor_membership, CaseAction.RECORD)
    when = moment(at)
    checks = Checks()
    checks.choice("kind", kind, LegalActionKind.values, "Choose the kind of application")
    applied_on = checks.date("applied_on", applied_on, label="The date of the application")
    checks.not_future("applied_on", applied_on, local_date(when))
    hearing_on = checks.date("hearing_on", hearing_on, label="The hearing date", required=False)
    checks.not_before("hearing_on", hearing_on, applied_on,
                      "The hearing date must be on or after the date of the application ({date})")
    court = checks.text("court", court, max_length=PROVIDER_MAX, label="The court")
    checks.raise_any()

    legal_action = LegalAction.objects.create(
        authority_id=case.authority_id, case=case, kind=kind, court=court, applied_on=applied_on,
        hearing_on=hearing_on, recorded_by=actor_membership.user)
    audit_record(action="cases.legal_action.recorded", actor=actor_membership.user, target=case,
                 data={"reference": case.reference, "legal_action_id": legal_action.pk, "kind": kind,
                       "applied_on": applied_on, "hearing_on": hearing_on,
                       "new": {"outcome": legal_action.outcome}, **backdated(at)})
    return legal_action


@transaction.atomic
def legal_action_decide(*, legal_action: LegalAction | int, actor_membership: Membership, outcome: str,
                        decided_on: date, court_reasons: str, at: datetime | None = None) -> LegalAction:
    """Record what the court decided (granted or refused, with its reasons in brief) or that the application was
    withdrawn (reasons optional)."""
    case, legal_action = _locked(LegalAction, legal_action, actor_membership)
    if legal_action.outcome != LegalOutcome.PENDING:
        raise InvalidTransition("The outcome of this application is already recorded.")
    when = moment(at)
    checks = Checks()
    checks.choice("outcome", outcome, DECIDED_OUTCOMES, "Choose the outcome: granted, refused or withdrawn")
    decided_on = checks.date("decided_on", decided_on, label="The date of the decision")
    checks.not_future("decided_on", decided_on, local_date(when))
    checks.not_before("decided_on", decided_on, legal_action.applied_on,
                      "The decision date must be on or after the date of the application ({date})")
    missing = None if outcome == LegalOutcome.WITHDRAWN else "Enter the court's reasons in brief"
    court_reasons = checks.text("court_reasons", court_reasons, max_length=SUMMARY_MAX, missing=missing,
                                label="The court's reasons")
    checks.raise_any()

    legal_action.outcome, legal_action.decided_on, legal_action.court_reasons = outcome, decided_on, court_reasons
    legal_action.save(update_fields=["outcome", "decided_on", "court_reasons", "updated_at"])
    audit_record(action="cases.legal_action.decided", actor=actor_membership.user, target=case,
                 data={"reference": case.reference, "legal_action_id": legal_action.pk, "kind": legal_action.kind,
                       "decided_on": decided_on, "old": {"outcome": LegalOutcome.PENDING},
                       "new": {"outcome": outcome}, **backdated(at)})
    return legal_action


# Challenges to interventions.

@transaction.atomic
def challenge_record(*, case: Case | int, actor_membership: Membership, source: str, raised_on: date,
                     disputed: str, organisation: str = "", intervention_id: int | None = None,
                     at: datetime | None = None) -> Challenge:
    """Record a challenge by the person, their family or a community organisation (named), to one intervention
    of the case or to the case as a whole, with what was disputed."""
    case = lock_case(case, actor_membership, CaseAction.RECORD)
    when = moment(at)
    checks = Checks()
    checks.choice("source", source, ChallengeSource.values,
                  "Choose who raised the challenge: the person, their family or a community organisation")
    organisation = checks.text(
        "organisation", organisation, max_length=PROVIDER_MAX, label="The organisation",
        missing="Enter the name of the community organisation" if source == ChallengeSource.COMMUNITY else None)
    raised_on = checks.date("raised_on", raised_on, label="The date the challenge was raised")
    checks.not_future("raised_on", raised_on, local_date(when))
    disputed = checks.text("disputed", disputed, max_length=SUMMARY_MAX, label="What was disputed",
                           missing="Enter what was disputed")
    if intervention_id not in (None, "") and not Intervention.objects.filter(
            pk=intervention_id if str(intervention_id).isdigit() else None, case=case).exists():
        checks.error("intervention_id", "Choose an intervention of this case")
    checks.raise_any()

    challenge = Challenge.objects.create(
        authority_id=case.authority_id, case=case, intervention_id=intervention_id or None, source=source,
        organisation=organisation if source == ChallengeSource.COMMUNITY else "", raised_on=raised_on,
        disputed=disputed, recorded_by=actor_membership.user)
    audit_record(action="cases.challenge.recorded", actor=actor_membership.user, target=case,
                 data={"reference": case.reference, "challenge_id": challenge.pk, "source": source,
                       "intervention_id": challenge.intervention_id, "raised_on": raised_on,
                       "new": {"outcome": challenge.outcome}, **backdated(at)})
    return challenge


@transaction.atomic
def challenge_respond(*, challenge: Challenge | int, actor_membership: Membership, response: str,
                      responded_on: date, outcome: str, at: datetime | None = None) -> Challenge:
    """Record the authority's response to a challenge and its outcome (upheld, partly upheld, not upheld or
    withdrawn). A challenge is answered once."""
    case, challenge = _locked(Challenge, challenge, actor_membership)
    if challenge.outcome != ChallengeOutcome.OPEN:
        raise InvalidTransition("The response to this challenge is already recorded.")
    when = moment(at)
    checks = Checks()
    response = checks.text("response", response, max_length=SUMMARY_MAX, label="The response",
                           missing="Enter the authority's response")
    responded_on = checks.date("responded_on", responded_on, label="The date of the response")
    checks.not_future("responded_on", responded_on, local_date(when))
    checks.not_before("responded_on", responded_on, challenge.raised_on,
                      "The response date must be on or after the date the challenge was raised ({date})")
    checks.choice("outcome", outcome, ANSWERED_OUTCOMES,
                  "Choose the outcome: upheld, partly upheld, not upheld or withdrawn")
    checks.raise_any()

    challenge.response, challenge.responded_on, challenge.outcome = response, responded_on, outcome
    challenge.save(update_fields=["response", "responded_on", "outcome", "updated_at"])
    audit_record(action="cases.challenge.answered", actor=actor_membership.user, target=case,
                 data={"reference": case.reference, "challenge_id": challenge.pk, "responded_on": responded_on,
                       "old": {"outcome": ChallengeOutcome.OPEN}, "new": {"outcome": outcome}, **backdated(at)})
    return challenge


# Case notes.

def _lock_for_note(case: Case | int, actor_membership: Membership, corrects_id) -> tuple[Case, CaseNote | None]:
    """Notes need RECORD (so they stop at closure), but the author of a note may always correct it while they
    can see the case."""
    case = lock_case(case, actor_membership, CaseAction.VIEW)
    corrected = None
    if corrects_id not in (None, ""):
        corrected = CaseNote.objects.filter(pk=corrects_id if str(corrects_id).isdigit() else None,
                                            case=case).first()
    if corrected is None or corrected.written_by_id != actor_membership.user_id:
        permissions.require(actor_membership, CaseAction.RECORD, case)
    return case, corrected


@transaction.atomic
def note_add(*, case: Case | int, actor_membership: Membership, kind: str, occurred_on: date, text: str,
             corrects_id: int | None = None, at: datetime | None = None) -> CaseNote:
    """Add a note to a case. Notes cannot be changed or deleted; to correct one, add a note with ``corrects_id``
    naming it (a note of the same case)."""
    case, corrected = _lock_for_note(case, actor_membership, corrects_id)
    when = moment(at)
    checks = Checks()
    if corrects_id not in (None, "") and corrected is None:
        checks.error("corrects_id", "Choose a note of this case to correct")
    checks.choice("kind", kind, NoteKind.values, "Choose what kind of note this is")
    occurred_on = checks.date("occurred_on", occurred_on, label="The date it happened")
    checks.not_future("occurred_on", occurred_on, local_date(when))
    text = checks.text("text", text, max_length=NOTE_MAX, label="The note", missing="Enter the note")
    checks.raise_any()

    note = CaseNote.objects.create(authority_id=case.authority_id, case=case, subject_id=case.subject_id, kind=kind,
                                   occurred_on=occurred_on, text=text, corrects=corrected,
                                   written_by=actor_membership.user, written_at=when)
    action = "cases.note.corrected" if corrected else "cases.note.added"
    audit_record(action=action, actor=actor_membership.user, target=case,
                 data={"reference": case.reference, "note_id": note.pk, "kind": kind, "occurred_on": occurred_on,
                       **({"corrects_id": corrected.pk} if corrected else {}), **backdated(at)})
    return note


# The chronology page.

@transaction.atomic
def chronology_record_view(*, actor_membership: Membership, subject_id: int, kinds=None) -> None:
    """Audit that ``actor_membership`` read the chronology of a person (the page calls it with the read). A person
    of whom they may see nothing is ``Subject.DoesNotExist`` (a 404)."""
    kinds = clean_kinds(kinds)
    if not subject_visible_to(actor_membership, subject_id):
        raise Subject.DoesNotExist("No such person in this authority")
    subject = Subject.objects.get(pk=subject_id)
    audit_record(action="cases.chronology.viewed", actor=actor_membership.user, target=subject,
                 target_label=f"Subject {subject.pk}", data={"subject_id": subject.pk, "kinds": sorted(kinds)})
