"""One timeline per person: what happened across the referrals and cases about them that the reader may see.

Each source is read in one query (a fixed number of queries whatever the history's size), only from the referrals
``referral_visible_to`` and the cases ``case_visible_to`` give the reader. Entries run newest first; entries of the
same day run by time of day where it is known (a date-only record counts as the end of its day), then by when
they were recorded, then by kind and id, so the order never changes between two reads.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from cases.models import (
    Assessment,
    CaseNote,
    CaseStatus,
    CaseTransition,
    Challenge,
    ChallengeOutcome,
    Closure,
    ClosureStatus,
    Intervention,
    InterventionStatus,
    LegalAction,
    LegalOutcome,
    Review,
)
from cases.permissions import case_visible_to
from consensus.working_days import LONDON
from core.exceptions import FieldErrors
from referrals.models import ReferralStatus, ReferralTransition, Subject
from referrals.permissions import referral_visible_to

CHRONOLOGY_KINDS = ("referral", "decision", "case", "assessment", "intervention", "legal", "challenge", "review",
                    "closure", "note")
KIND_LABELS = {"referral": "Referrals", "decision": "Decisions", "case": "Case status", "assessment": "Assessments",
               "intervention": "Interventions", "legal": "Court applications", "challenge": "Challenges",
               "review": "Reviews", "closure": "Closure", "note": "Notes"}
_RANK = {kind: rank for rank, kind in enumerate(CHRONOLOGY_KINDS)}
_END_OF_DAY = dt.time.max


@dataclass(frozen=True)
class ChronologyEntry:
    date: dt.date  # when it happened (a London date)
    kind: str  # one of CHRONOLOGY_KINDS
    title: str
    detail: str = ""  # the record's own words (summary, rationale, note), shown as written
    actor: str = ""  # who recorded it, or who decided (the court); blank when the record does not say
    case_reference: str = ""  # the case it belongs to; blank for a referral's own entries
    referral_reference: str = ""  # the referral it belongs to, for referral and decision entries
    url: str = ""  # the record's page, when it has one
    at: dt.datetime | None = None  # the exact moment, for events that have one
    sort_key: tuple = field(default=(), repr=False, compare=False)


def _long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _label(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _url(name: str, *args) -> str:
    return reverse(name, args=args)


def _entry(*, kind: str, on: dt.date, recorded: dt.datetime, pk: int, step: int = 0, at: dt.datetime | None = None,
           **values) -> ChronologyEntry:
    """A record of a day (``at`` None: it sorts as the end of that day) or of a moment (``at``, London time)."""
    time_of_day = at.time() if at is not None else _END_OF_DAY
    return ChronologyEntry(date=on, kind=kind, at=at, sort_key=(on, time_of_day, recorded, _RANK[kind], step, pk),
                           **values)


def _timed(kind: str, at: dt.datetime, pk: int, step: int = 0, **values) -> ChronologyEntry:
    local = timezone.localtime(at, LONDON)
    return _entry(kind=kind, on=local.date(), recorded=at, pk=pk, step=step, at=local, **values)


# One reader per source: each takes the membership's visible cases (id -> reference) and yields entries.

def _referral_entries(membership: Membership, subject_id: int, kinds: set[str]) -> tuple[list, bool]:
    """Submission and withdrawal (kind referral) and decision (kind decision) of the visible referrals."""
    rows = list(ReferralTransition.objects
                .filter(referral__in=referral_visible_to(membership).filter(subject_id=subject_id),
                        to_status__in=(ReferralStatus.SUBMITTED, ReferralStatus.DECIDED, ReferralStatus.WITHDRAWN))
                .exclude(from_status=ReferralStatus.DRAFT, to_status=ReferralStatus.WITHDRAWN)
                .select_related("actor", "referral", "referral__pathway").order_by("at", "pk"))
    entries = []
    for row in rows:
        referral = row.referral
        common = {"actor": _label(row.actor), "referral_reference": referral.reference,
                  "url": _url("referrals:detail", referral.pk)}
        if row.to_status == ReferralStatus.SUBMITTED and "referral" in kinds:
            source = f" by {referral.referrer_organisation}" if referral.referrer_organisation else ""
            entries.append(_timed("referral", row.at, row.pk, title=f"Referral made{source}",
                                  detail=referral.concern, **common))
        elif row.to_status == ReferralStatus.DECIDED and "decision" in kinds:
            pathway = referral.pathway.label if referral.pathway_id else ""
            entries.append(_timed("decision", row.at, row.pk, title=f"Decision: {pathway}",
                                  detail=referral.rationale, **common))
        elif row.to_status == ReferralStatus.WITHDRAWN and "referral" in kinds:
            entries.append(_timed("referral", row.at, row.pk, title="Referral withdrawn", detail=row.reason,
                                  **common))
    return entries, bool(rows)


def _case_status_entries(case_refs: dict[int, str]) -> Iterable[ChronologyEntry]:
    rows = (CaseTransition.objects.filter(case_id__in=case_refs).exclude(to_status=CaseStatus.CLOSED)
            .select_related("actor"))
    for row in rows:
        if not row.from_status:
            title = "Case opened"
        elif row.from_status == CaseStatus.CLOSED:
            title = "Case reopened"
        else:
            title = f"Case moved to {CaseStatus(row.to_status).label.lower()}"
        yield _timed("case", row.at, row.pk, title=title, detail=row.reason, actor=_label(row.actor),
                     case_reference=case_refs[row.case_id], url=_url("cases:detail", row.case_id))


def _closure_entries(case_refs: dict[int, str]) -> Iterable[ChronologyEntry]:
    rows = Closure.objects.filter(case_id__in=case_refs).select_related("proposed_by", "decided_by")
    for row in rows:
        common = {"case_reference": case_refs[row.case_id], "url": _url("cases:detail", row.case_id)}
        yield _timed("closure", row.proposed_at, row.pk, title=f"Closure proposed: {row.get_reason_display()}",
                     detail=row.summary, actor=_label(row.proposed_by), **common)
        if row.status != ClosureStatus.PROPOSED:
            title = (f"Case closed: {row.get_reason_display()}" if row.status == ClosureStatus.APPROVED
                     else "Closure not approved")
            yield _timed("closure", row.decided_at, row.pk, step=1, title=title, detail=row.decision_note,
                         actor=_label(row.decided_by), **common)


def _assessment_entries(case_refs: dict[int, str]) -> Iterable[ChronologyEntry]:
    for row in Assessment.objects.filter(case_id__in=case_refs).select_related("assessed_by"):
        yield _entry(kind="assessment", on=row.assessed_on, recorded=row.created_at, pk=row.pk,
                     title=f"Assessment: overall risk {row.get_overall_risk_display().lower()}", detail=row.summary,
                     actor=_label(row.assessed_by), case_reference=case_refs[row.case_id],
                     url=_url("cases:assessment", row.case_id, row.pk))


def _intervention_entries(case_refs: dict[int, str]) -> Iterable[ChronologyEntry]:
    for row in Intervention.objects.filter(case_id__in=case_refs).select_related("created_by"):
        common = {"case_reference": case_refs[row.case_id], "url": _url("cases:intervention", row.case_id, row.pk),
                  "recorded": row.created_at, "pk": row.pk}
        what = f"{row.get_kind_display()} by {row.provider}"
        started = "planned to start" if row.status == InterventionStatus.PLANNED else "started"
        yield _entry(kind="intervention", on=row.start_on, step=0, title=f"Intervention {started}: {what}",
                     detail=f"{row.planned_sessions} sessions planned. {row.description}".strip(),
                     actor=_label(row.created_by), **common)
        if row.status == InterventionStatus.ENDED:
            yield _entry(kind="intervention", on=row.end_on, step=1,
                         title=f"Intervention ended ({row.get_outcome_display().lower()}): {what}",
                         detail=f"{row.delivered_sessions} of {row.planned_sessions} sessions delivered. "
                                f"{row.outcome_note}".strip(), **common)


def _legal_entries(case_refs: dict[int, str]) -> Iterable[ChronologyEntry]:
    for row in LegalAction.objects.filter(case_id__in=case_refs).select_related("recorded_by"):
        common = {"case_reference": case_refs[row.case_id], "url": _url("cases:legal", row.case_id, row.pk),
                  "recorded": row.created_at, "pk": row.pk}
        court = f" to {row.court}" if row.court else ""
        yield _entry(kind="legal", on=row.applied_on, title=f"Application{court}: {row.get_kind_display()}",
                     actor=_label(row.recorded_by), **common)
        if row.outcome != LegalOutcome.PENDING:
            yield _entry(kind="legal", on=row.decided_on, step=1,
                         title=f"{row.get_kind_display()}: {row.get_outcome_display().lower()}",
                         detail=row.court_reasons, actor=row.court, **common)


def _challenge_entries(case_refs: dict[int, str]) -> Iterable[ChronologyEntry]:
    rows = Challenge.objects.filter(case_id__in=case_refs).select_related("recorded_by", "intervention")
    for row in rows:
        common = {"case_reference": case_refs[row.case_id], "url": _url("cases:challenge", row.case_id, row.pk),
                  "recorded": row.created_at, "pk": row.pk}
        title = f"Challenge raised by {row.organisation or row.get_source_display().lower()}"
        if row.intervention_id:
            title += f" about {row.intervention.get_kind_display().lower()} ({row.intervention.provider})"
        yield _entry(kind="challenge", on=row.raised_on, title=title, detail=row.disputed,
                     actor=_label(row.recorded_by), **common)
        if row.outcome != ChallengeOutcome.OPEN:
            yield _entry(kind="challenge", on=row.responded_on, step=1,
                         title=f"Challenge answered: {row.get_outcome_display()}", detail=row.response, **common)


def _review_entries(case_refs: dict[int, str]) -> Iterable[ChronologyEntry]:
    rows = Review.objects.filter(case_id__in=case_refs, held_on__isnull=False).select_related("held_by")
    for row in rows:
        yield _entry(kind="review", on=row.held_on, recorded=row.updated_at, pk=row.pk,
                     title=f"{row.get_kind_display()}: {row.get_outcome_display()}", detail=row.summary,
                     actor=_label(row.held_by), case_reference=case_refs[row.case_id],
                     url=_url("cases:review", row.case_id, row.pk))


def _note_entries(case_refs: dict[int, str]) -> Iterable[ChronologyEntry]:
    rows = list(CaseNote.objects.filter(case_id__in=case_refs).select_related("written_by", "corrects"))
    corrected = {row.corrects_id for row in rows if row.corrects_id}
    for row in rows:
        title = row.get_kind_display()
        if row.corrects_id:
            title += f" (correcting the note of {_long_date(row.corrects.occurred_on)})"
        if row.pk in corrected:
            title += " (corrected by a later note)"
        yield _entry(kind="note", on=row.occurred_on, recorded=row.written_at, pk=row.pk, title=title,
                     detail=row.text, actor=_label(row.written_by), case_reference=case_refs[row.case_id],
                     url=_url("cases:notes", row.case_id) + f"#note-{row.pk}")


_CASE_SOURCES = {"case": _case_status_entries, "closure": _closure_entries, "assessment": _assessment_entries,
                 "intervention": _intervention_entries, "legal": _legal_entries, "challenge": _challenge_entries,
                 "review": _review_entries, "note": _note_entries}


def clean_kinds(kinds: Iterable[str] | None) -> set[str]:
    """The kinds asked for (all when none); an unknown kind is a field error on "kinds"."""
    if kinds is None:
        return set(CHRONOLOGY_KINDS)
    kinds = set(kinds)
    unknown = sorted(str(kind) for kind in kinds - set(CHRONOLOGY_KINDS))
    if unknown:
        raise FieldErrors({"kinds": [f"Choose from: {', '.join(CHRONOLOGY_KINDS)}"]})
    return kinds


def subject_visible_to(membership: Membership, subject_id: int) -> bool:
    """May ``membership`` see anything of this person (a referral or a case about them)?"""
    return (case_visible_to(membership).filter(subject_id=subject_id).exists()
            or referral_visible_to(membership).filter(subject_id=subject_id).exists())


def chronology_for_subject(membership: Membership, subject_id: int, *,
                           kinds: Iterable[str] | None = None) -> list[ChronologyEntry]:
    """The timeline of one person across the referrals and cases ``membership`` may see, newest first, limited
    to ``kinds`` (a subset of CHRONOLOGY_KINDS) when given. A person of whom the reader may see nothing is
    ``Subject.DoesNotExist`` (a 404), whatever the filter."""
    kinds = clean_kinds(kinds)
    case_refs = dict(case_visible_to(membership).filter(subject_id=subject_id).values_list("pk", "reference"))
    entries, any_referral = _referral_entries(membership, subject_id, kinds) \
        if kinds & {"referral", "decision"} else ([], False)
    if not case_refs and not any_referral \
            and not referral_visible_to(membership).filter(subject_id=subject_id).exists():
        raise Subject.DoesNotExist("No such person in this authority")
    if case_refs:
        for kind, source in _CASE_SOURCES.items():
            if kind in kinds:
                entries.extend(source(case_refs))
    entries.sort(key=lambda entry: entry.sort_key, reverse=True)
    return entries
