"""The support plan: interventions, their sessions and how they ended, and the lapsed flag (an active
intervention with no session for more than the agreement's ``intervention_lapse_weeks``)."""

from collections.abc import Mapping
from datetime import date, datetime

from django.db import transaction

from accounts.models import Membership
from audit.services import audit_record
from cases import permissions
from cases.models import (
    Case,
    CaseStatus,
    Intervention,
    InterventionOutcome,
    InterventionSession,
    InterventionStatus,
)
from cases.models.choices import DELIVERED_OVER_PLANNED_FACTOR, NOTE_MAX, PROVIDER_MAX, SUMMARY_MAX, InterventionType
from cases.permissions import CaseAction
from cases.services._casework_input import Checks, long_date, times
from cases.services._common import backdated, local_date, lock_case, moment
from core.exceptions import FieldErrors, InvalidTransition

PLANNED_MAX = 500
_SUPPORT_STATUSES = (CaseStatus.ASSESSMENT, CaseStatus.SUPPORT, CaseStatus.REVIEW)
# What intervention_update may change; free text is audited by name only (no personal details in the trail).
UPDATABLE = ("provider", "description", "planned_sessions", "delivered_sessions", "start_on", "end_on")
_FREE_TEXT = ("description",)
END_BEFORE_START = "The end date must be on or after the start date ({date})"


def _over_planned(planned: int) -> str:
    return (f"That is more than {times(DELIVERED_OVER_PLANNED_FACTOR)} the {planned} sessions planned. If the plan "
            f"has changed, change the number of planned sessions first.")


def _status(start_on: date, delivered: int, last_session_on: date | None, today: date) -> str:
    """Planned until it starts or a session is recorded, then active."""
    if start_on > today and delivered == 0 and last_session_on is None:
        return InterventionStatus.PLANNED
    return InterventionStatus.ACTIVE


def _check_plan(checks: Checks, values: dict, today: date, first_session_on: date | None = None) -> None:
    """The rules shared by adding and changing: provider, sessions and dates (``values`` cleaned in place)."""
    values["provider"] = checks.text("provider", values["provider"], max_length=PROVIDER_MAX, label="The provider",
                                     missing="Enter the organisation providing the intervention")
    values["description"] = checks.text("description", values["description"], max_length=SUMMARY_MAX,
                                        label="The description")
    planned = checks.whole_number("planned_sessions", values["planned_sessions"], low=1, high=PLANNED_MAX,
                                  message=f"Enter the number of planned sessions, from 1 to {PLANNED_MAX}")
    delivered = checks.whole_number("delivered_sessions", values["delivered_sessions"], low=0, high=32_767,
                                    message="Enter the number of sessions delivered, 0 or more")
    start_on = checks.date("start_on", values["start_on"], label="The start date")
    end_on = checks.date("end_on", values["end_on"], label="The end date", required=False)
    checks.not_before("end_on", end_on, start_on, END_BEFORE_START)
    if start_on is not None and first_session_on is not None and first_session_on < start_on:
        checks.error("start_on", f"A session was recorded on {long_date(first_session_on)}: the start date must be "
                                 f"on or before it")
    if planned is not None and delivered is not None and delivered > DELIVERED_OVER_PLANNED_FACTOR * planned:
        checks.error("delivered_sessions", _over_planned(planned))
    if start_on is not None and start_on > today and delivered:
        checks.error("delivered_sessions", f"No sessions can have been delivered before the start date "
                                           f"({long_date(start_on)})")
    values.update(planned_sessions=planned, delivered_sessions=delivered, start_on=start_on, end_on=end_on)


@transaction.atomic
def intervention_add(*, case: Case | int, actor_membership: Membership, kind: str, provider: str,
                     planned_sessions: int, start_on: date, end_on: date | None = None, description: str = "",
                     delivered_sessions: int = 0, last_session_on: date | None = None,
                     at: datetime | None = None) -> Intervention:
    """Add an intervention to the support plan of a case that has been assessed (assessment, support or review).
    It is planned while its start date is ahead and nothing has been delivered, and active otherwise."""
    case = lock_case(case, actor_membership, CaseAction.VIEW)
    if case.is_closed:
        raise InvalidTransition("This case is closed, so no interventions can be added.")
    permissions.require(actor_membership, CaseAction.RECORD, case)
    if case.status not in _SUPPORT_STATUSES:
        raise InvalidTransition("An intervention follows an assessment: record an assessment of this case first.")
    when = moment(at)
    today = local_date(when)
    checks = Checks()
    checks.choice("kind", kind, InterventionType.values, "Choose the type of intervention")
    values = {"provider": provider, "description": description, "planned_sessions": planned_sessions,
              "delivered_sessions": delivered_sessions, "start_on": start_on, "end_on": end_on}
    _check_plan(checks, values, today)
    last_session_on = checks.date("last_session_on", last_session_on, label="The date of the last session",
                                  required=False)
    checks.not_future("last_session_on", last_session_on, today)
    checks.not_before("last_session_on", last_session_on, values["start_on"],
                      "The last session must be on or after the start date ({date})")
    checks.raise_any()

    intervention = Intervention.objects.create(
        authority_id=case.authority_id, case=case, kind=kind, last_session_on=last_session_on,
        status=_status(values["start_on"], values["delivered_sessions"], last_session_on, today),
        created_by=actor_membership.user, **values)
    audit_record(action="cases.intervention.added", actor=actor_membership.user, target=case,
                 data={"reference": case.reference, "intervention_id": intervention.pk, "kind": kind,
                       "provider": intervention.provider, "planned_sessions": intervention.planned_sessions,
                       "delivered_sessions": intervention.delivered_sessions, "start_on": intervention.start_on,
                       "end_on": intervention.end_on, "new": {"status": intervention.status}, **backdated(at)})
    return intervention


def _lock_intervention(intervention: Intervention | int, actor_membership: Membership,
                       action: CaseAction = CaseAction.RECORD) -> tuple[Case, Intervention]:
    """The intervention's case locked through the policy, then the intervention itself (of that case only)."""
    intervention_id = getattr(intervention, "pk", intervention)
    case_id = Intervention.objects.filter(pk=intervention_id).values_list("case_id", flat=True).first()
    if case_id is None:
        raise Intervention.DoesNotExist("No such intervention in this authority")
    case = lock_case(case_id, actor_membership, action)
    return case, Intervention.objects.select_for_update().get(pk=intervention_id, case=case)


def _require_not_ended(intervention: Intervention, doing: str) -> None:
    if intervention.status == InterventionStatus.ENDED:
        raise InvalidTransition(f"This intervention has ended, so {doing}.")


@transaction.atomic
def intervention_update(*, intervention: Intervention | int, actor_membership: Membership, data: Mapping,
                        at: datetime | None = None) -> Intervention:
    """Change the provider, description, planned or delivered sessions or dates of an intervention that has not
    ended, by the same rules as adding one. Fields not in ``data`` keep their values; no change, no audit."""
    case, intervention = _lock_intervention(intervention, actor_membership)
    _require_not_ended(intervention, "it cannot be changed")
    unknown = sorted(str(name) for name in data if name not in UPDATABLE)
    if unknown:
        raise FieldErrors({"non_field_errors": [f"These cannot be changed here: {', '.join(unknown)}"]})
    when = moment(at)
    today = local_date(when)
    current = {name: getattr(intervention, name) for name in UPDATABLE}
    values = {**current, **data}
    first_session_on = (InterventionSession.objects.filter(intervention=intervention)
                        .order_by("held_on").values_list("held_on", flat=True).first())
    checks = Checks()
    _check_plan(checks, values, today, first_session_on=first_session_on)
    checks.raise_any()

    changed = [name for name in UPDATABLE if values[name] != current[name]]
    if not changed:
        return intervention
    old_status = intervention.status
    for name in changed:
        setattr(intervention, name, values[name])
    intervention.status = _status(intervention.start_on, intervention.delivered_sessions,
                                  intervention.last_session_on, today)
    intervention.save(update_fields=[*changed, "status", "updated_at"])
    shown = [name for name in changed if name not in _FREE_TEXT]
    audit_record(action="cases.intervention.changed", actor=actor_membership.user, target=case,
                 data={"reference": case.reference, "intervention_id": intervention.pk, "fields": changed,
                       "old": {**{name: current[name] for name in shown}, "status": old_status},
                       "new": {**{name: values[name] for name in shown}, "status": intervention.status},
                       **backdated(at)})
    return intervention


@transaction.atomic
def intervention_record_session(*, intervention: Intervention | int, actor_membership: Membership, held_on: date,
                                attended: bool = True, note: str = "",
                                at: datetime | None = None) -> InterventionSession:
    """Record a session held (or missed) on ``held_on``. An attended session counts as delivered; any session
    recorded keeps the intervention from lapsing and makes a planned intervention active."""
    case, intervention = _lock_intervention(intervention, actor_membership)
    _require_not_ended(intervention, "no more sessions can be recorded")
    when = moment(at)
    checks = Checks()
    held_on = checks.date("held_on", held_on, label="The date of the session")
    checks.not_future("held_on", held_on, local_date(when))
    checks.not_before("held_on", held_on, intervention.start_on,
                      "The session must be on or after the start date of the intervention ({date})")
    if not isinstance(attended, bool):
        checks.error("attended", "Say whether the person attended")
    elif attended and intervention.delivered_sessions >= DELIVERED_OVER_PLANNED_FACTOR * intervention.planned_sessions:
        checks.error("attended", _over_planned(intervention.planned_sessions))
    note = checks.text("note", note, max_length=NOTE_MAX, label="The note")
    checks.raise_any()

    session = InterventionSession.objects.create(authority_id=case.authority_id, intervention=intervention,
                                                 held_on=held_on, attended=attended, note=note,
                                                 recorded_by=actor_membership.user)
    old = {"delivered_sessions": intervention.delivered_sessions, "last_session_on": intervention.last_session_on,
           "status": intervention.status}
    intervention.delivered_sessions += int(attended)
    intervention.last_session_on = max(filter(None, (intervention.last_session_on, held_on)))
    intervention.status = InterventionStatus.ACTIVE
    intervention.save(update_fields=["delivered_sessions", "last_session_on", "status", "updated_at"])
    audit_record(action="cases.intervention.session_recorded", actor=actor_membership.user, target=case,
                 data={"reference": case.reference, "intervention_id": intervention.pk, "session_id": session.pk,
                       "held_on": held_on, "attended": attended, "old": old,
                       "new": {"delivered_sessions": intervention.delivered_sessions,
                               "last_session_on": intervention.last_session_on, "status": intervention.status},
                       **backdated(at)})
    return session


@transaction.atomic
def intervention_end(*, intervention: Intervention | int, actor_membership: Membership, outcome: str, end_on: date,
                     outcome_note: str = "", at: datetime | None = None) -> Intervention:
    """End an intervention with its outcome (achieved, partly achieved, not achieved, disengaged)."""
    case, intervention = _lock_intervention(intervention, actor_membership)
    _require_not_ended(intervention, "its outcome is already recorded")
    when = moment(at)
    checks = Checks()
    checks.choice("outcome", outcome, InterventionOutcome.values,
                  "Choose the outcome: achieved, partly achieved, not achieved or disengaged")
    end_on = checks.date("end_on", end_on, label="The end date")
    checks.not_future("end_on", end_on, local_date(when))
    checks.not_before("end_on", end_on, intervention.start_on, END_BEFORE_START)
    checks.not_before("end_on", end_on, intervention.last_session_on,
                      "The end date must be on or after the last session ({date})")
    outcome_note = checks.text("outcome_note", outcome_note, max_length=SUMMARY_MAX, label="The note")
    checks.raise_any()

    old = {"status": intervention.status, "end_on": intervention.end_on}
    intervention.status, intervention.outcome, intervention.end_on = InterventionStatus.ENDED, outcome, end_on
    intervention.outcome_note = outcome_note
    intervention.save(update_fields=["status", "outcome", "end_on", "outcome_note", "updated_at"])
    audit_record(action="cases.intervention.ended", actor=actor_membership.user, target=case,
                 data={"reference": case.reference, "intervention_id": intervention.pk, "old": old,
                       "new": {"status": intervention.status, "outcome": outcome, "end_on": end_on},
                       **backdated(at)})
    return intervention
