"""The evidence base's figures, counted from the cases and referrals: read only, a fixed number of queries however
many rows there are.

What is counted
---------------
- Outcomes: every intervention that has ended (it has an outcome: achieved, partly achieved, not achieved,
  disengaged), by intervention type, by type of concern and by age band, and by all three together.
- Type of concern: the Home Office category of the concern types on the referral that opened the case, so that
  authorities with different local lists can be pooled. A referral with concerns in more than one category counts
  once, under "More than one type"; one with none recorded under "Not recorded". Each intervention counts once.
- Age band: the person's age when the intervention started, from their date of birth or the referrer's estimate.
- Court applications by type and outcome; challenges to interventions by who raised them and their outcome.
- Referrals received per month (by the date sent), beside the community engagement sessions held that month.

Pooled figures add up the same counts across every authority that shares its evidence base (never one that does
not), then apply disclosure control (disclosure.py). The outcome tables break down the same interventions, so they
are protected together; so is the comparison of Prevent priority areas with other authorities, shown only when each
side has at least ``MIN_AUTHORITIES`` sharing authorities (with one, its side would be that authority's figures).
"""

import datetime as dt
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from types import SimpleNamespace

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth

from accounts.models import Authority
from cases.models import Challenge as CaseChallenge
from cases.models import (
    ChallengeOutcome,
    ChallengeSource,
    Intervention,
    InterventionOutcome,
    InterventionStatus,
    InterventionType,
    LegalAction,
    LegalActionKind,
    LegalOutcome,
)
from consensus.models import HomeOfficeCategory
from consensus.working_days import LONDON
from core.tenancy import authority_scope, scopes_disabled
from evidence.models import CommunityEngagement
from evidence.tables import Counts, Shown, protect_linked
from referrals.models import Referral, Subject

MIN_AUTHORITIES = 2  # pooled figures need at least this many sharing authorities (and so does each compared side)
TREND_MONTHS = 12

MORE_THAN_ONE, NOT_RECORDED, NOT_KNOWN = "more_than_one", "not_recorded", "not_known"
AGE_BANDS = (("under_15", "Under 15"), ("15_17", "15 to 17"), ("18_24", "18 to 24"), ("25_plus", "25 and over"),
             (NOT_KNOWN, "Age not known"))
CONCERNS = (*HomeOfficeCategory.choices, (MORE_THAN_ONE, "More than one type"), (NOT_RECORDED, "Not recorded"))
AREAS = (("priority", "Prevent priority areas"), ("other", "Other authorities"))
OUTCOMES = tuple(InterventionOutcome.choices)
COURT_OUTCOMES = tuple((key, label) for key, label in LegalOutcome.choices if key != LegalOutcome.PENDING) + (
    (LegalOutcome.PENDING.value, "Waiting for the court"),)


def age_band(age: int | None) -> str:
    if age is None:
        return NOT_KNOWN
    if age < 15:
        return "under_15"
    if age < 18:
        return "15_17"
    return "18_24" if age < 25 else "25_plus"


def concern_of(categories: set[str]) -> str:
    if not categories:
        return NOT_RECORDED
    return categories.pop() if len(categories) == 1 else MORE_THAN_ONE


@dataclass(frozen=True)
class Ended:
    """One ended intervention, as the figures see it."""

    kind: str
    concern: str
    band: str
    outcome: str
    priority_area: bool


@contextmanager
def _reading(authority_ids: list[int], *, pooled: bool):
    """One authority's figures read inside its scope. Pooled figures read across authorities on purpose: the scope
    is lifted, and every query below names the authorities it may read."""
    if pooled:
        with scopes_disabled():
            yield
    else:
        (authority_id,) = authority_ids
        with authority_scope(authority_id):
            yield


def ended_interventions(authority_ids: list[int]) -> list[Ended]:
    """Every ended intervention of these authorities (two queries)."""
    rows = (Intervention.objects.filter(authority_id__in=authority_ids, status=InterventionStatus.ENDED)
            .order_by().values_list("kind", "outcome", "start_on", "case__referral_id", "case__subject__date_of_birth",
                                    "case__subject__estimated_age", "case__subject__estimated_at",
                                    "authority__prevent_priority_area"))
    through = Referral.concern_types.through
    categories: dict[int, set[str]] = {}
    pairs = (through.objects.filter(referral__authority_id__in=authority_ids,
                                    referral__case__interventions__status=InterventionStatus.ENDED)
             .order_by().values_list("referral_id", "concerntype__home_office_category").distinct())
    for referral_id, category in pairs:
        categories.setdefault(referral_id, set()).add(category)
    ended = []
    for kind, outcome, start_on, referral_id, born, estimate, estimated_at, priority in rows:
        person = SimpleNamespace(date_of_birth=born, estimated_age=estimate, estimated_at=estimated_at)
        ended.append(Ended(kind, concern_of(set(categories.get(referral_id, ()))),
                           age_band(Subject.age_on(person, start_on)), outcome, priority))
    return ended


def outcome_tables(ended: list[Ended], *, with_all_three: bool) -> list[Counts]:
    """Outcomes by intervention type, by type of concern and by age band (and by all three together)."""
    def tally(key, title, heading, rows, row_of):
        pairs = Counter((row_of(item), item.outcome) for item in ended)
        return Counts.tally(key, title, heading, rows, OUTCOMES, pairs)

    tables = [
        tally("outcomes_by_intervention", "How interventions ended, by type of intervention", "Intervention",
              InterventionType.choices, lambda item: item.kind),
        tally("outcomes_by_concern", "How interventions ended, by type of concern", "Type of concern", CONCERNS,
              lambda item: item.concern),
        tally("outcomes_by_age", "How interventions ended, by age when they started", "Age band", AGE_BANDS,
              lambda item: item.band),
    ]
    if with_all_three:
        labels = {**dict(InterventionType.choices), **dict(CONCERNS), **dict(AGE_BANDS)}
        order = {key: n for n, key in enumerate([*InterventionType.values, *dict(CONCERNS), *dict(AGE_BANDS)])}
        combos = sorted({(item.kind, item.concern, item.band) for item in ended},
                        key=lambda combo: [order[part] for part in combo])
        rows = [("|".join(combo), ", ".join(labels[part] for part in combo)) for combo in combos]
        tables.append(tally("outcomes_by_all_three",
                            "How interventions ended, by type of intervention, type of concern and age band",
                            "Intervention, concern and age band", rows,
                            lambda item: f"{item.kind}|{item.concern}|{item.band}"))
    return tables


def area_table(ended: list[Ended]) -> Counts:
    pairs = Counter(("priority" if item.priority_area else "other", item.outcome) for item in ended)
    return Counts.tally("outcomes_by_area", "How interventions ended: Prevent priority areas and other authorities",
                        "Authorities", AREAS, OUTCOMES, pairs)


def court_table(authority_ids: list[int]) -> Counts:
    """Court applications by type and outcome (one query)."""
    rows = (LegalAction.objects.filter(authority_id__in=authority_ids).order_by()
            .values_list("kind", "outcome").annotate(n=Count("id")))
    return Counts.tally("court_outcomes", "Court applications, by type and outcome", "Type of application",
                        LegalActionKind.choices, COURT_OUTCOMES, {(kind, outcome): n for kind, outcome, n in rows})


def challenge_table(authority_ids: list[int]) -> Counts:
    """Challenges to interventions by who raised them and their outcome (one query)."""
    rows = (CaseChallenge.objects.filter(authority_id__in=authority_ids).order_by()
            .values_list("source", "outcome").annotate(n=Count("id")))
    return Counts.tally("challenges", "Challenges to interventions, by who raised them and outcome", "Raised by",
                        ChallengeSource.choices, ChallengeOutcome.choices,
                        {(source, outcome): n for source, outcome, n in rows})


@dataclass(frozen=True)
class Month:
    start: dt.date
    referrals: int
    sessions: int
    attendance: int

    @property
    def label(self) -> str:
        return self.start.strftime("%B %Y")


def monthly_trend(authority_id: int, today: dt.date, months: int = TREND_MONTHS) -> list[Month]:
    """Referrals received and engagement sessions held in each of the last ``months`` months, this one included
    (two queries)."""
    first = today.replace(day=1) - relativedelta(months=months - 1)
    since = dt.datetime.combine(first, dt.time.min, tzinfo=LONDON)
    referrals = (Referral.objects.filter(authority_id=authority_id, submitted_at__gte=since).order_by()
                 .annotate(month=TruncMonth("submitted_at", tzinfo=LONDON)).values_list("month")
                 .annotate(n=Count("id")))
    received = {month.date() if isinstance(month, dt.datetime) else month: n for month, n in referrals}
    sessions = (CommunityEngagement.objects.filter(authority_id=authority_id, held_on__gte=first).order_by()
                .annotate(month=TruncMonth("held_on")).values_list("month")
                .annotate(n=Count("id"), people=Sum("attendance")))
    held = {month: (n, people or 0) for month, n, people in sessions}
    starts = [first + relativedelta(months=k) for k in range(months)]
    return [Month(start, received.get(start, 0), *held.get(start, (0, 0))) for start in starts]


@dataclass(frozen=True)
class AuthorityFigures:
    authority: Authority
    outcomes: list[Shown]
    court: Shown
    challenges: Shown
    trend: list[Month]

    @property
    def ended_count(self) -> int:
        return self.outcomes[0].totals.total

    def as_data(self) -> dict:
        return {"authority": self.authority.name, "prevent_priority_area": self.authority.prevent_priority_area,
                "interventions_ended": self.ended_count,
                "tables": [table.as_data() for table in (*self.outcomes, self.court, self.challenges)],
                "referrals_and_engagement": [
                    {"month": month.start.isoformat()[:7], "referrals": month.referrals,
                     "engagement_sessions": month.sessions, "engagement_attendance": month.attendance}
                    for month in self.trend]}


def authority_figures(authority: Authority, today: dt.date) -> AuthorityFigures:
    """The authority's own figures, exact (seven queries)."""
    ids = [authority.pk]
    with _reading(ids, pooled=False):
        outcomes = [table.shown() for table in outcome_tables(ended_interventions(ids), with_all_three=True)]
        return AuthorityFigures(authority, outcomes, court_table(ids).shown(), challenge_table(ids).shown(),
                                monthly_trend(authority.pk, today))


@dataclass(frozen=True)
class PooledFigures:
    """What the sharing authorities' figures show together, after disclosure control. ``available`` is False
    (with ``reason``) when the viewer's authority does not share, or too few do."""

    available: bool
    reason: str = ""
    authorities: int = 0
    outcomes: tuple[Shown, ...] = ()
    areas: Shown | None = None
    areas_reason: str = ""
    court: Shown | None = None
    challenges: Shown | None = None

    def as_data(self) -> dict:
        data = {"available": self.available, "reason": self.reason, "authorities": self.authorities,
                "withheld_below": 5, "rounded_to": 5}
        if self.available:
            tables = [*self.outcomes, *([self.areas] if self.areas else []), self.court, self.challenges]
            data.update(tables=[table.as_data() for table in tables], areas_reason=self.areas_reason)
        return data


NOT_SHARING = ("Your authority does not share its evidence base, so it sees no pooled figures and adds nothing to "
               "them. Your authority administrator can change this.")
TOO_FEW = "Pooled figures appear when at least {n} authorities share their evidence base. {k} do so far."


def pooled_figures(viewer_authority_id: int, sharing_ids: list[int]) -> PooledFigures:
    """The figures of every sharing authority together, for a viewer whose authority shares (a fixed number of
    queries). ``sharing_ids`` comes from ``services.opted_in_authority_ids``."""
    if viewer_authority_id not in sharing_ids:
        return PooledFigures(available=False, reason=NOT_SHARING)
    if len(sharing_ids) < MIN_AUTHORITIES:
        return PooledFigures(available=False, reason=TOO_FEW.format(n=MIN_AUTHORITIES, k=len(sharing_ids)),
                             authorities=len(sharing_ids))
    with _reading(sharing_ids, pooled=True):
        ended = ended_interventions(sharing_ids)
        priority = Counter(Authority.objects.filter(pk__in=sharing_ids).values_list("prevent_priority_area",
                                                                                   flat=True))
        court, challenges = court_table(sharing_ids), challenge_table(sharing_ids)
    linked = outcome_tables(ended, with_all_three=False)
    areas_reason = ""
    if min(priority[True], priority[False]) >= MIN_AUTHORITIES:
        linked.append(area_table(ended))
    else:
        areas_reason = (f"Not shown until at least {MIN_AUTHORITIES} Prevent priority areas and {MIN_AUTHORITIES} "
                        f"other authorities share (now {priority[True]} and {priority[False]}): with fewer, one "
                        "side would be a single authority's figures.")
    shown = protect_linked(linked)
    areas = shown.pop() if not areas_reason else None
    (court_shown,), (challenges_shown,) = protect_linked([court]), protect_linked([challenges])
    return PooledFigures(available=True, authorities=len(sharing_ids), outcomes=tuple(shown), areas=areas,
                         areas_reason=areas_reason, court=court_shown, challenges=challenges_shown)
