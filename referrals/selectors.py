"""Reads of referrals, always starting from the policy's queryset (permissions.referral_visible_to).

Missing and not visible are the same: ``Referral.DoesNotExist`` (a 404). Visible but not allowed (a
practitioner asking for screening detail) is ``PermissionDenied`` (a 403).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, Prefetch, QuerySet
from django.utils import timezone

from accounts.models import Membership
from consensus.models import RESPONSIBLE_ROLES
from referrals import permissions
from referrals.models import OPEN_STATUSES, DuplicateMatch, Referral, ReferralStatus, ReferralTransition
from referrals.validation import missing_for_submit

A = permissions.ReferralAction
_LIST_RELATED = ("subject", "routed_team", "assigned_to", "submitted_by", "pathway")
QUEUE_ORDER = (F("immediate_risk").desc(), F("decision_due_at").asc(nulls_last=True), "pk")


def referral_get_for_user(membership: Membership, referral_id: int) -> Referral:
    """One referral with everything its page shows loaded (subject, routing, decision, codes)."""
    return (permissions.referral_visible_to(membership)
            .select_related(*_LIST_RELATED, "consensus_version", "decided_by", "decision_version")
            .prefetch_related("concern_types", "indicators", "definitions_cited")
            .get(pk=referral_id))


def referral_list_visible_to(membership: Membership, *, status: str | Iterable[str] | None = None,
                             overdue: bool | None = None, team: int | None = None, concern_type: str | None = None,
                             assigned_to_me: bool = False, now: datetime | None = None) -> QuerySet:
    """The referrals ``membership`` may see: immediate risk first, then the earliest due, in a fixed number of
    queries however many there are (two: the rows, and their concern types).

    ``status``: one status or several. ``overdue``: True for undecided referrals past their due time, False for
    the rest. ``team``: the routed team's id. ``concern_type``: a concern type code (of any version).
    ``assigned_to_me``: only those assigned to the asker.
    """
    referrals = permissions.referral_visible_to(membership)
    if status:
        referrals = referrals.filter(status__in=[status] if isinstance(status, str) else list(status))
    if overdue is not None:
        late = {"status__in": OPEN_STATUSES, "decision_due_at__lt": now or timezone.now()}
        referrals = referrals.filter(**late) if overdue else referrals.exclude(**late)
    if team is not None:
        referrals = referrals.filter(routed_team_id=team)
    if concern_type:
        referrals = referrals.filter(concern_types__code=concern_type).distinct()
    if assigned_to_me:
        referrals = referrals.filter(assigned_to_id=membership.user_id)
    return referrals.select_related(*_LIST_RELATED).prefetch_related("concern_types").order_by(*QUEUE_ORDER)


@dataclass(frozen=True)
class HistoryEntry:
    """One line of a referral's history. ``kind`` is "transition" or "note"."""

    kind: str
    at: datetime
    actor: object
    from_status: str = ""
    to_status: str = ""
    reason: str = ""
    consensus_version_number: int | None = None
    note_kind: str = ""
    text: str = ""


def referral_history(membership: Membership, referral: Referral) -> list[HistoryEntry]:
    """Transitions and screening notes in time order. Practitioners get the transitions only."""
    permissions.require(membership, A.VIEW, referral)
    transitions = (ReferralTransition.objects.filter(referral=referral)
                   .select_related("actor", "consensus_version"))
    entries = [HistoryEntry("transition", row.at, row.actor, row.from_status, row.to_status, row.reason,
                            row.consensus_version.number if row.consensus_version_id else None)
               for row in transitions]
    if permissions.can(membership, A.VIEW_SCREENING, referral):
        entries += [HistoryEntry("note", note.at, note.author, note_kind=note.kind, text=note.text)
                    for note in referral.screening_notes.select_related("author")]
    return sorted(entries, key=lambda entry: (entry.at, entry.kind != "transition"))


def referral_duplicate_matches(membership: Membership, referral: Referral) -> list[DuplicateMatch]:
    """What the duplicate check found at submission, best first, each with ``matched_subject`` and its submitted
    referrals (``matched_subject.earlier_referrals``, newest first). Screeners only."""
    permissions.require(membership, A.VIEW_SCREENING, referral)
    earlier = (Referral.objects.exclude(status=ReferralStatus.DRAFT).exclude(pk=referral.pk)
               .select_related("pathway").order_by("-submitted_at"))
    return list(DuplicateMatch.objects.filter(referral=referral).select_related("matched_subject")
                .prefetch_related(Prefetch("matched_subject__referrals", queryset=earlier,
                                           to_attr="earlier_referrals")))


def referral_assignable_members(membership: Membership) -> QuerySet:
    """The people a referral can be assigned to: active practitioners, leads and managers of the authority."""
    return (Membership.objects.filter(authority_id=membership.authority_id, is_active=True,
                                      role__in=RESPONSIBLE_ROLES)
            .select_related("user", "team").order_by("user__last_name", "user__first_name", "user__username"))


def referral_draft_missing(membership: Membership, referral: Referral) -> dict[str, list[str]]:
    """What a draft still needs before it can be submitted, by field ("check your answers"). Codes are checked
    against the agreement at submission."""
    permissions.require(membership, A.EDIT_DRAFT, referral)
    missing = missing_for_submit(referral.subject, referral, today=timezone.localdate())
    if not referral.concern_types.exists():
        missing["concern_types"] = ["Choose at least one type of concern."]
    return missing
