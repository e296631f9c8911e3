"""Reads of referrals, always starting from the policy's queryset (permissions.referral_visible_to).

Missing and not visible are the same: ``Referral.DoesNotExist`` (a 404). Visible but not allowed (a
practitioner asking for screening detail) is ``PermissionDenied`` (a 403).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Case as Choose
from django.db.models import Exists, F, Func, IntegerField, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import Greatest, TruncDate
from django.utils import timezone

from accounts.models import Membership
from consensus.models import RESPONSIBLE_ROLES
from consensus.working_days import LONDON
from referrals import permissions
from referrals.models import OPEN_STATUSES, DuplicateMatch, Referral, ReferralStatus, ReferralTransition
from referrals.validation import missing_for_submit

A = permissions.ReferralAction
_LIST_RELATED = ("subject", "routed_team", "assigned_to", "submitted_by", "pathway")
QUEUE_ORDER = (F("immediate_risk").desc(), F("decision_due_at").asc(nulls_last=True), "pk")

# Age bands of the person when the referral was submitted: (code, label, youngest, oldest). "Not known" is the
# band of a referral with neither a date of birth nor an estimated age. 18 divides children from adults.
AGE_BANDS = [
    ("under-15", "Under 15", None, 14), ("15-17", "15 to 17", 15, 17), ("18-20", "18 to 20", 18, 20),
    ("21-30", "21 to 30", 21, 30), ("31-40", "31 to 40", 31, 40), ("41-plus", "41 and over", 41, None),
]
AGE_NOT_KNOWN = "not-known"
AGE_BAND_LABELS = {**{code: label for code, label, _, _ in AGE_BANDS}, AGE_NOT_KNOWN: "Not known"}


class DayNumber(Func):
    """A date as the whole number YYYYMMDD (29 March 2026 is 20260329), in one function call a row: whole years
    between two dates are the difference of their day numbers divided by 10,000 (rounded down)."""

    arity = 1
    output_field = IntegerField()
    template = "CAST(STRFTIME('%%%%Y%%%%m%%%%d', %(expressions)s) AS INTEGER)"  # SQLite

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="CAST(TO_CHAR(%(expressions)s, 'YYYYMMDD') AS INTEGER)",
                           **extra)


def age_at_referral() -> Choose:
    """The person's age in whole years on the day (in England) the referral was submitted, as Subject.age_on
    works it out: from the date of birth, else the estimated age moved on by the years since it was estimated."""
    submitted = DayNumber(TruncDate("submitted_at", tzinfo=LONDON))
    born, estimated = DayNumber("subject__date_of_birth"), DayNumber("subject__estimated_at")
    return Choose(
        When(subject__date_of_birth__isnull=False, then=(submitted - born) / 10000),
        When(subject__estimated_age__isnull=False, subject__estimated_at__isnull=False,
             then=F("subject__estimated_age") + Greatest((submitted - estimated) / 10000, Value(0))),
        default=None, output_field=IntegerField())


def age_band_at_referral() -> Choose:
    """The code of the age band (AGE_BANDS) of ``age_at_referral``; needs the ``age_at_referral`` alias."""
    whens = []
    for code, _, youngest, oldest in AGE_BANDS:
        bounds = {}
        if youngest is not None:
            bounds["age_at_referral__gte"] = youngest
        if oldest is not None:
            bounds["age_at_referral__lte"] = oldest
        whens.append(When(Q(age_at_referral__isnull=False, **bounds), then=Value(code)))
    return Choose(*whens, default=Value(AGE_NOT_KNOWN))


def is_repeat_referral() -> Exists:
    """Whether the duplicate check at submission found an earlier referral about probably the same person."""
    return Exists(DuplicateMatch.objects.filter(referral=OuterRef("pk"), likely_same_person=True))


_Range = tuple[datetime | None, datetime | None]


def _within(referrals: QuerySet, field: str, moments: _Range) -> QuerySet:
    start, end = moments
    if start is not None:
        referrals = referrals.filter(**{f"{field}__gte": start})
    if end is not None:
        referrals = referrals.filter(**{f"{field}__lt": end})
    return referrals


def referral_report_filter(referrals: QuerySet, *, received: _Range | None = None, decided: _Range | None = None,
                           pathway: str | None = None, sector: str | None = None, gender: str | None = None,
                           age_band: str | None = None, repeat: bool | None = None, became_case: bool | None = None,
                           on_time: bool | None = None) -> QuerySet:
    """The dashboard's filters (reports), so that each number there opens the list behind it.

    ``received`` and ``decided``: [start, end) moments of submission or decision (either end may be None).
    ``pathway``: a pathway code (of any version). ``sector`` and ``gender``: a value, or "" for none recorded.
    ``age_band``: an AGE_BANDS code or AGE_NOT_KNOWN. ``repeat``: the duplicate check found an earlier referral
    about the same person. ``became_case``: a case was opened from it. ``on_time``: decided by its due time
    (decided referrals only).
    """
    if received is not None:
        referrals = _within(referrals.filter(submitted_at__isnull=False), "submitted_at", received)
    if decided is not None:
        referrals = _within(referrals.filter(status=ReferralStatus.DECIDED), "decided_at", decided)
    if pathway:
        referrals = referrals.filter(pathway__code=pathway)
    if sector is not None:
        referrals = referrals.filter(referrer_sector=sector)
    if gender is not None:
        referrals = referrals.filter(subject__gender=gender)
    if age_band:
        referrals = referrals.alias(age_at_referral=age_at_referral()).alias(
            age_band=age_band_at_referral()).filter(age_band=age_band)
    if repeat is not None:
        referrals = referrals.filter(is_repeat_referral() if repeat else ~is_repeat_referral())
    if became_case is not None:
        referrals = referrals.filter(case__isnull=not became_case)
    if on_time is not None:
        due = Q(status=ReferralStatus.DECIDED, decided_at__lte=F("decision_due_at"))
        referrals = referrals.filter(due if on_time else Q(status=ReferralStatus.DECIDED) & ~due)
    return referrals


def referral_get_for_user(membership: Membership, referral_id: int) -> Referral:
    """One referral with everything its page shows loaded (subject, routing, decision, codes)."""
    return (permissions.referral_visible_to(membership)
            .select_related(*_LIST_RELATED, "consensus_version", "decided_by", "decision_version")
            .prefetch_related("concern_types", "indicators", "definitions_cited")
            .get(pk=referral_id))


def referral_list_visible_to(membership: Membership, *, status: str | Iterable[str] | None = None,
                             overdue: bool | None = None, team: int | None = None, concern_type: str | None = None,
                             assigned_to_me: bool = False, now: datetime | None = None,
                             report: dict | None = None) -> QuerySet:
    """The referrals ``membership`` may see: immediate risk first, then the earliest due, in a fixed number of
    queries however many there are (two: the rows, and their concern types).

    ``status``: one status or several. ``overdue``: True for undecided referrals past their due time, False for
    the rest. ``team``: the routed team's id. ``concern_type``: a concern type code (of any version).
    ``assigned_to_me``: only those assigned to the asker. ``report``: the dashboard's filters, as the keyword
    arguments of ``referral_report_filter``.
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
    if report:
        referrals = referral_report_filter(referrals, **report)
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
