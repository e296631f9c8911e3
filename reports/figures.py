"""The dashboard's figures: one function per group, each a fixed number of queries however much data there is.

Every figure starts from the permission policies (``referral_visible_to``, ``case_visible_to``) inside the
request's authority scope, so another authority's records are never counted, and a restricted case is counted
only by someone who may see it (as on the cases list). Counting, grouping and the per-group sums happen in the
database; Python only adds up grouped rows (how many depends on the period and the codes, not on how many referrals
there are) and does the working-day arithmetic, which needs the bank holidays.

"In the period" means submitted (received), decided or ended between the period's first and last days in
England, both included. "Now" figures (waiting, overdue, open cases, reviews, active and lapsed interventions)
are measured at ``filters.at``. ``dashboard_figures`` returns plain data: the page and the API show the same.
"""

from collections import Counter
from datetime import date, timedelta
from math import floor

from dateutil.relativedelta import relativedelta
from django.db.models import BooleanField, Count, ExpressionWrapper, F, Max, Min, Q, QuerySet, When
from django.db.models import Case as Choose
from django.db.models.functions import Coalesce, TruncDate, TruncMonth

from accounts.models import Membership
from accounts.roles import Capability
from cases.lapsing import lapse_weeks_in_force, lapsed_q
from cases.models import (
    Case,
    CaseStatus,
    Intervention,
    InterventionOutcome,
    InterventionStatus,
    InterventionType,
    Review,
    RiskLevel,
)
from cases.permissions import case_visible_to
from consensus.working_days import LONDON, is_working_day
from core.exceptions import PermissionDenied
from referrals.models import OPEN_STATUSES, DuplicateMatch, Gender, ReferralStatus, ReferrerSector
from referrals.permissions import referral_visible_to
from referrals.selectors import AGE_BAND_LABELS, AGE_BANDS, AGE_NOT_KNOWN, age_at_referral
from reports.periods import ReportFilters, midnight

NOT_RECORDED = "Not recorded"
NOT_ASSESSED = "Not assessed yet"
REVIEWS_DUE_DAYS = 28  # "due soon": in the next four weeks, today included
OPEN_CASE_STATUSES = [status for status in CaseStatus.values if status != CaseStatus.CLOSED]
RISK_ORDER = [RiskLevel.HIGH, RiskLevel.MEDIUM, RiskLevel.LOW, ""]
OUTCOMES = list(InterventionOutcome.values)


def percent(part: int, whole: int) -> int | None:
    """``part`` as a whole percentage of ``whole`` (halves round up), or None when there is nothing to divide."""
    return floor(100 * part / whole + 0.5) if whole else None


def require_dashboard(membership: Membership) -> None:
    if not membership.can(Capability.AUTHORITY_DASHBOARD):
        raise PermissionDenied("Your role does not allow this.")


def referrals_for(membership: Membership, filters: ReportFilters) -> QuerySet:
    """The submitted referrals the dashboard counts: visible to ``membership``, routed to the team if one is
    chosen. Drafts are never counted (a lead sees only their own anyway)."""
    referrals = referral_visible_to(membership).exclude(status=ReferralStatus.DRAFT)
    if filters.team_id is not None:
        referrals = referrals.filter(routed_team_id=filters.team_id)
    return referrals


def cases_for(membership: Membership, filters: ReportFilters) -> QuerySet:
    """The cases the dashboard counts: visible to ``membership``, of the team if one is chosen."""
    cases = case_visible_to(membership)
    if filters.team_id is not None:
        cases = cases.filter(team_id=filters.team_id)
    return cases


def _received(filters: ReportFilters) -> Q:
    return Q(submitted_at__gte=filters.period.start_at, submitted_at__lt=filters.period.end_at)


def _decided(filters: ReportFilters) -> Q:
    return Q(status=ReferralStatus.DECIDED, decided_at__gte=filters.period.start_at,
             decided_at__lt=filters.period.end_at)


def _has_case() -> Q:
    """A case was opened from the referral: tested against the set of the cases' referrals, which PostgreSQL
    hashes once, rather than joined (see ``repeat`` in referral_counts)."""
    return Q(pk__in=Case.objects.values("referral_id"))


def _share(rows: list[dict], total: int) -> list[dict]:
    return [{**row, "percent": percent(row["count"], total)} for row in rows]


# --- Referrals --------------------------------------------------------------------------------------------------


def referral_counts(membership: Membership, filters: ReportFilters) -> dict:
    """Received, decided, decided in time, became a case and repeats in the period; waiting and overdue now.
    One query."""
    require_dashboard(membership)
    # "In the set of ..." rather than a correlated EXISTS: PostgreSQL hashes the set once instead of probing it for
    # every referral (a third of this query's time at 10,000 referrals).
    repeat = Q(pk__in=DuplicateMatch.objects.filter(likely_same_person=True).values("referral_id"))
    waiting = Q(status__in=OPEN_STATUSES)
    decided = _decided(filters)
    # Only rows that some count can include are read: waiting now, received or decided in the period.
    rows = referrals_for(membership, filters).filter(waiting | _received(filters) | decided)
    counts = rows.aggregate(
        received=Count("pk", filter=_received(filters)),
        repeat=Count("pk", filter=_received(filters) & repeat),
        awaiting_decision=Count("pk", filter=waiting),
        overdue=Count("pk", filter=waiting & Q(decision_due_at__lt=filters.at)),
        decided=Count("pk", filter=decided),
        decided_on_time=Count("pk", filter=decided & Q(decided_at__lte=F("decision_due_at"))),
        became_case=Count("pk", filter=decided & _has_case()),
    )
    return {**counts,
            "repeat_percent": percent(counts["repeat"], counts["received"]),
            "on_time_percent": percent(counts["decided_on_time"], counts["decided"]),
            "became_case_percent": percent(counts["became_case"], counts["decided"])}


def _working_days(pairs: dict[tuple[date, date], int]) -> Counter:
    """How many decisions took each number of working days: the working days after the day of submission up to
    and including the day of decision (``working_days_between``), from (submitted day, decided day) counts."""
    if not pairs:
        return Counter()
    first = min(day for pair in pairs for day in pair)
    last = max(day for pair in pairs for day in pair)
    running, day, index = 0, first, {}
    while day <= last:
        running += day > first and is_working_day(day)
        index[day] = running
        day += timedelta(days=1)
    taken = Counter()
    for (submitted, decided), count in pairs.items():
        taken[index[decided] - index[submitted]] += count
    return taken


def quantile(counts: Counter, q: float) -> float | None:
    """The ``q`` quantile of the values counted, interpolated between the two nearest ranks (as PostgreSQL's
    ``percentile_cont`` and Python's ``statistics.quantiles(method="inclusive")``), to one decimal place."""
    total = sum(counts.values())
    if total == 0:
        return None
    ordered = sorted(counts.items())

    def value_at(rank: int) -> int:
        seen = 0
        for value, count in ordered:
            seen += count
            if rank < seen:
                return value
        return ordered[-1][0]

    position = (total - 1) * q
    lower = floor(position)
    low = value_at(lower)
    high = value_at(lower + 1) if position > lower else low
    return round(low + (position - lower) * (high - low), 1)


def decision_times(membership: Membership, filters: ReportFilters) -> dict:
    """The median and 90th percentile of working days from submission to decision, of the decisions made in
    the period. One query: decisions counted by (day submitted, day decided) in England."""
    require_dashboard(membership)
    rows = (referrals_for(membership, filters).filter(_decided(filters))
            .annotate(submitted_on=TruncDate("submitted_at", tzinfo=LONDON),
                      decided_on=TruncDate("decided_at", tzinfo=LONDON))
            .values("submitted_on", "decided_on").annotate(count=Count("pk")).order_by())
    taken = _working_days({(row["submitted_on"], row["decided_on"]): row["count"] for row in rows})
    return {"decided": sum(taken.values()), "median_working_days": quantile(taken, 0.5),
            "p90_working_days": quantile(taken, 0.9)}


def decisions_by_pathway(membership: Membership, filters: ReportFilters) -> list[dict]:
    """Decisions made in the period by response pathway (by code, across versions of the agreement), in the
    agreement's order. One query."""
    require_dashboard(membership)
    rows = (referrals_for(membership, filters).filter(_decided(filters)).values("pathway__code")
            .annotate(count=Count("pk"), label=Max("pathway__label"), position=Min("pathway__position"))
            .order_by("position", "pathway__code"))
    rows = [{"code": row["pathway__code"], "label": row["label"], "count": row["count"]} for row in rows]
    return _share(rows, sum(row["count"] for row in rows))


def age_band(age: int | None) -> str:
    """The AGE_BANDS code of an age in whole years (AGE_NOT_KNOWN for None)."""
    if age is None:
        return AGE_NOT_KNOWN
    return next(code for code, _, youngest, oldest in AGE_BANDS
                if (youngest is None or age >= youngest) and (oldest is None or age <= oldest))


def referral_profile(membership: Membership, filters: ReportFilters) -> dict:
    """Referrals received in the period by the referrer's sector, the person's gender and their age band when
    referred. One query, grouped by sector, gender and age in years; the three breakdowns are its sums (the bands
    are made here, which keeps the age's expression out of the query's grouping)."""
    require_dashboard(membership)
    rows = (referrals_for(membership, filters).filter(_received(filters)).annotate(age=age_at_referral())
            .values("referrer_sector", "subject__gender", "age").annotate(count=Count("pk")).order_by())
    sectors, genders, bands = Counter(), Counter(), Counter()
    for row in rows:
        sectors[row["referrer_sector"]] += row["count"]
        genders[row["subject__gender"]] += row["count"]
        bands[age_band(row["age"])] += row["count"]
    total = sum(sectors.values())
    sector_labels = {**dict(ReferrerSector.choices), "": NOT_RECORDED}
    gender_labels = {**dict(Gender.choices), "": NOT_RECORDED}
    return {
        "received": total,
        "sectors": _share(sorted(({"code": code, "label": sector_labels.get(code, code), "count": count}
                                  for code, count in sectors.items()), key=lambda row: (-row["count"], row["label"])),
                          total),
        "genders": _share([{"code": code, "label": label, "count": genders[code]}
                           for code, label in gender_labels.items() if genders[code]], total),
        "age_bands": _share([{"code": code, "label": label, "count": bands[code]}
                             for code, label in AGE_BAND_LABELS.items()], total),
    }


def referral_concern_types(membership: Membership, filters: ReportFilters) -> list[dict]:
    """Referrals received in the period by type of concern (by code, across versions), in the agreement's
    order. A referral may have several types, so these add up to more than the referrals received. One query."""
    require_dashboard(membership)
    rows = (referrals_for(membership, filters).filter(_received(filters)).values("concern_types__code")
            .annotate(count=Count("pk"), label=Max("concern_types__label"), position=Min("concern_types__position"))
            .order_by("position", "concern_types__code"))
    return [{"code": row["concern_types__code"] or "", "label": row["label"] or "None recorded",
             "count": row["count"]} for row in rows]


def monthly_trends(membership: Membership, filters: ReportFilters) -> list[dict]:
    """For each calendar month (in England) of ``period.trend_months()``: referrals received, referrals decided,
    and those decided that became a case. One query, counting referrals by (month received, month decided,
    became a case); each line is a sum of its rows."""
    require_dashboard(membership)
    months = filters.period.trend_months()
    start, end = midnight(months[0]), midnight(months[-1] + relativedelta(months=1))
    received = Q(submitted_at__gte=start, submitted_at__lt=end)
    decided = Q(status=ReferralStatus.DECIDED, decided_at__gte=start, decided_at__lt=end)
    rows = (referrals_for(membership, filters).filter(received | decided)
            .annotate(received_in=Choose(When(received, then=TruncMonth("submitted_at", tzinfo=LONDON))),
                      decided_in=Choose(When(decided, then=TruncMonth("decided_at", tzinfo=LONDON))),
                      became_case=ExpressionWrapper(_has_case(), output_field=BooleanField()))
            .values("received_in", "decided_in", "became_case").annotate(count=Count("pk")).order_by())
    lines = {month: Counter() for month in months}
    for row in rows:
        if row["received_in"] is not None:
            lines[row["received_in"].astimezone(LONDON).date()]["received"] += row["count"]
        if row["decided_in"] is not None:
            month = lines[row["decided_in"].astimezone(LONDON).date()]
            month["decided"] += row["count"]
            month["became_case"] += row["count"] if row["became_case"] else 0
    return [{"month": month.strftime("%Y-%m"), "label": month.strftime("%B %Y"), "received": line["received"],
             "decided": line["decided"], "became_case": line["became_case"]} for month, line in lines.items()]


# --- Cases, reviews and interventions -----------------------------------------------------------------------------


def open_cases(membership: Membership, filters: ReportFilters) -> dict:
    """Cases not closed now, by risk level (of the latest assessment) and by stage, with each stage split by risk
    level. One query."""
    require_dashboard(membership)
    rows = (cases_for(membership, filters).filter(status__in=OPEN_CASE_STATUSES)
            .values("status", "risk_level").annotate(count=Count("pk")).order_by())
    cells = Counter({(row["status"], row["risk_level"]): row["count"] for row in rows})
    risk_labels = {**dict(RiskLevel.choices), "": NOT_ASSESSED}
    by_risk = [{"code": risk or "none", "label": risk_labels[risk],
                "count": sum(cells[(status, risk)] for status in OPEN_CASE_STATUSES)} for risk in RISK_ORDER]
    by_stage = [{"code": status, "label": CaseStatus(status).label,
                 "count": sum(cells[(status, risk)] for risk in RISK_ORDER),
                 "by_risk": [{"code": risk or "none", "count": cells[(status, risk)]} for risk in RISK_ORDER]}
                for status in OPEN_CASE_STATUSES]
    total = sum(cells.values())
    return {"open": total, "by_risk": _share(by_risk, total), "by_stage": _share(by_stage, total)}


def reviews_waiting(cases: QuerySet) -> QuerySet:
    """Reviews of ``cases`` not held yet and not cancelled (while a case is open, and after closure)."""
    return Review.objects.filter(case__in=cases, held_on__isnull=True, cancelled=False)


def reviews_due(membership: Membership, filters: ReportFilters) -> dict:
    """Reviews waiting now: overdue (due before today) and due in the next four weeks. One query."""
    require_dashboard(membership)
    today = filters.today
    counts = reviews_waiting(cases_for(membership, filters)).aggregate(
        overdue=Count("pk", filter=Q(due_on__lt=today)),
        due_soon=Count("pk", filter=Q(due_on__gte=today, due_on__lt=today + timedelta(days=REVIEWS_DUE_DAYS))))
    return {**counts, "due_soon_days": REVIEWS_DUE_DAYS}


def interventions_of(cases: QuerySet) -> QuerySet:
    return Intervention.objects.filter(case__in=cases).alias(last_or_start=Coalesce("last_session_on", "start_on"))


def interventions(membership: Membership, filters: ReportFilters) -> dict:
    """Interventions by type: active and lapsed now; ended in the period, by outcome, with the share that
    achieved their aims. Two queries: the agreement's lapse weeks, and the interventions grouped by type."""
    require_dashboard(membership)
    weeks = lapse_weeks_in_force(membership.authority_id)
    ended = Q(status=InterventionStatus.ENDED, end_on__gte=filters.period.start, end_on__lte=filters.period.end)
    counted = {"active": Count("pk", filter=Q(status=InterventionStatus.ACTIVE)), "ended": Count("pk", filter=ended),
               **{outcome: Count("pk", filter=ended & Q(outcome=outcome)) for outcome in OUTCOMES},
               "lapsed": Count("pk", filter=lapsed_q(weeks, filters.today))}  # none with no agreement in force
    counted_rows = interventions_of(cases_for(membership, filters)).filter(
        Q(status=InterventionStatus.ACTIVE) | ended)  # only rows some count can include
    rows = {row["kind"]: row for row in counted_rows.values("kind").annotate(**counted).order_by()}
    by_type = []
    for kind, label in InterventionType.choices:
        row = rows.get(kind, {})
        numbers = {name: row.get(name, 0) for name in ("active", "lapsed", "ended", *OUTCOMES)}
        by_type.append({"code": kind, "label": label, **numbers,
                        "achieved_percent": percent(numbers[InterventionOutcome.ACHIEVED], numbers["ended"])})
    totals = {name: sum(row[name] for row in by_type) for name in ("active", "lapsed", "ended", *OUTCOMES)}
    return {"lapse_weeks": weeks, **totals,
            "achieved_percent": percent(totals[InterventionOutcome.ACHIEVED], totals["ended"]), "by_type": by_type}


def dashboard_figures(membership: Membership, filters: ReportFilters) -> dict:
    """Every figure of the authority dashboard for ``filters``, as plain data (what the API returns)."""
    require_dashboard(membership)
    counts = referral_counts(membership, filters)
    profile = referral_profile(membership, filters)
    return {
        "period": {"key": filters.period.key, "start": filters.period.start.isoformat(),
                   "end": filters.period.end.isoformat(), "label": filters.period.label},
        "team": {"id": filters.team_id, "name": filters.team_name} if filters.team_id is not None else None,
        "as_at": filters.at.isoformat(),
        "referrals": counts,
        "decision_times": decision_times(membership, filters),
        "pathways": decisions_by_pathway(membership, filters),
        "concern_types": _share(referral_concern_types(membership, filters), counts["received"]),
        "sectors": profile["sectors"],
        "age_bands": profile["age_bands"],
        "genders": profile["genders"],
        "cases": open_cases(membership, filters),
        "reviews": reviews_due(membership, filters),
        "interventions": interventions(membership, filters),
        "trends": monthly_trends(membership, filters),
    }
