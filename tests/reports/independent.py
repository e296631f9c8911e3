"""The dashboard's figures worked out again by a different road: every raw row read into Python with scopes
disabled, then counted with plain loops, dates in England, ``working_days_between`` per referral and the
``statistics`` module. Nothing here uses reports' code, so a mistake there cannot hide in both."""

import statistics
from collections import Counter
from datetime import timedelta

from django.utils import timezone
from django_scopes import scopes_disabled

from cases.models import Case, Intervention, Review
from consensus.models import Timescales
from consensus.working_days import LONDON, working_days_between
from referrals.models import DuplicateMatch, Referral, Subject

BANDS = [(0, 14, "under-15"), (15, 17, "15-17"), (18, 20, "18-20"), (21, 30, "21-30"), (31, 40, "31-40"),
         (41, 200, "41-plus")]


def local_day(moment):
    return timezone.localtime(moment, LONDON).date()


class Raw:
    """Every row of one authority that the dashboard counts from."""

    def __init__(self, authority):
        with scopes_disabled():
            self.referrals = list(Referral.objects.filter(authority=authority).exclude(status="draft").values(
                "id", "status", "submitted_at", "decided_at", "decision_due_at", "routed_team_id", "referrer_sector",
                "pathway__code", "subject_id"))
            self.subjects = {subject.pk: subject for subject in Subject.objects.filter(authority=authority)}
            through = Referral.concern_types.through
            self.concerns = list(through.objects.filter(referral__authority=authority)
                                 .values_list("referral_id", "concerntype__code"))
            self.repeats = set(DuplicateMatch.objects.filter(authority=authority, likely_same_person=True)
                               .values_list("referral_id", flat=True))
            self.converted = set(Case.objects.filter(authority=authority).values_list("referral_id", flat=True))
            self.cases = list(Case.objects.filter(authority=authority, restricted=False)
                              .values("id", "status", "risk_level", "team_id"))
            self.reviews = list(Review.objects.filter(authority=authority).values(
                "case_id", "due_on", "held_on", "cancelled"))
            self.interventions = list(Intervention.objects.filter(authority=authority).values(
                "case_id", "kind", "status", "outcome", "start_on", "end_on", "last_session_on"))
            self.lapse_weeks = Timescales.objects.get(version__authority=authority,
                                                      version__status="published").intervention_lapse_weeks


def expected(raw: Raw, *, start, end, at, team_id=None) -> dict:
    """What the dashboard should say for the days ``start`` to ``end`` (both included) and the moment ``at``."""
    today = local_day(at)
    referrals = [r for r in raw.referrals if team_id is None or r["routed_team_id"] == team_id]
    received = [r for r in referrals if r["submitted_at"] and start <= local_day(r["submitted_at"]) <= end]
    decided = [r for r in referrals if r["status"] == "decided" and start <= local_day(r["decided_at"]) <= end]
    waiting = [r for r in referrals if r["status"] in ("submitted", "screening")]
    days = sorted(working_days_between(r["submitted_at"], r["decided_at"]) for r in decided)

    def quantile(q):
        if not days:
            return None
        if len(days) == 1:
            return float(days[0])
        return round(statistics.quantiles(days, n=10, method="inclusive")[8] if q == 0.9
                     else statistics.median(days), 1)

    ages = Counter()
    for r in received:
        age = raw.subjects[r["subject_id"]].age_on(local_day(r["submitted_at"]))
        ages[next((code for low, high, code in BANDS if age is not None and low <= age <= high), "not-known")] += 1
    received_ids = {r["id"] for r in received}
    cases = [c for c in raw.cases if team_id is None or c["team_id"] == team_id]
    case_ids = {c["id"] for c in cases}
    open_cases = [c for c in cases if c["status"] != "closed"]
    waiting_reviews = [v for v in raw.reviews if v["case_id"] in case_ids and not v["held_on"]
                       and not v["cancelled"]]
    interventions = [i for i in raw.interventions if i["case_id"] in case_ids]
    cutoff = today - timedelta(weeks=raw.lapse_weeks)
    ended = [i for i in interventions if i["status"] == "ended" and start <= i["end_on"] <= end]
    return {
        "received": len(received),
        "repeat": sum(r["id"] in raw.repeats for r in received),
        "awaiting_decision": len(waiting),
        "overdue": sum(r["decision_due_at"] < at for r in waiting),
        "decided": len(decided),
        "decided_on_time": sum(r["decided_at"] <= r["decision_due_at"] for r in decided),
        "became_case": sum(r["id"] in raw.converted for r in decided),
        "median": quantile(0.5),
        "p90": quantile(0.9),
        "pathways": dict(Counter(r["pathway__code"] for r in decided)),
        "sectors": dict(Counter(r["referrer_sector"] for r in received)),
        "genders": dict(Counter(raw.subjects[r["subject_id"]].gender for r in received)),
        "age_bands": {code: count for code, count in ages.items() if count},
        "concern_types": dict(Counter(code for referral_id, code in raw.concerns if referral_id in received_ids)),
        "open_by_stage_and_risk": dict(Counter((c["status"], c["risk_level"] or "none") for c in open_cases)),
        "reviews_overdue": sum(v["due_on"] < today for v in waiting_reviews),
        "reviews_due_soon": sum(today <= v["due_on"] < today + timedelta(days=28) for v in waiting_reviews),
        "active": dict(Counter(i["kind"] for i in interventions if i["status"] == "active")),
        "lapsed": dict(Counter(i["kind"] for i in interventions if i["status"] == "active"
                               and (i["last_session_on"] or i["start_on"]) < cutoff)),
        "ended": dict(Counter((i["kind"], i["outcome"]) for i in ended)),
        "months_received": Counter(local_day(r["submitted_at"]).strftime("%Y-%m") for r in referrals),
        "months_decided": Counter(local_day(r["decided_at"]).strftime("%Y-%m") for r in referrals
                                  if r["status"] == "decided"),
        "months_became_case": Counter(local_day(r["decided_at"]).strftime("%Y-%m") for r in referrals
                                      if r["status"] == "decided" and r["id"] in raw.converted),
    }


def shown(figures: dict) -> dict:
    """The same facts read off ``dashboard_figures`` (or the API), in the shape of ``expected``."""
    r, t = figures["referrals"], figures["decision_times"]
    by_type = figures["interventions"]["by_type"]
    outcomes = ("achieved", "partly_achieved", "not_achieved", "disengaged")
    return {
        **{name: r[name] for name in ("received", "repeat", "awaiting_decision", "overdue", "decided",
                                      "decided_on_time", "became_case")},
        "median": t["median_working_days"], "p90": t["p90_working_days"],
        **{name: {row["code"]: row["count"] for row in figures[name] if row["count"]}
           for name in ("pathways", "sectors", "genders", "age_bands", "concern_types")},
        "open_by_stage_and_risk": {(stage["code"], cell["code"]): cell["count"]
                                   for stage in figures["cases"]["by_stage"] for cell in stage["by_risk"]
                                   if cell["count"]},
        "reviews_overdue": figures["reviews"]["overdue"], "reviews_due_soon": figures["reviews"]["due_soon"],
        "active": {row["code"]: row["active"] for row in by_type if row["active"]},
        "lapsed": {row["code"]: row["lapsed"] for row in by_type if row["lapsed"]},
        "ended": {(row["code"], outcome): row[outcome] for row in by_type for outcome in outcomes if row[outcome]},
        "months_received": {row["month"]: row["received"] for row in figures["trends"]},
        "months_decided": {row["month"]: row["decided"] for row in figures["trends"]},
        "months_became_case": {row["month"]: row["became_case"] for row in figures["trends"]},
    }


def compare(raw_expected: dict, figures: dict) -> None:
    """Assert that ``figures`` say what ``raw_expected`` says; monthly counts only for the months shown."""
    got = shown(figures)
    for name in ("months_received", "months_decided", "months_became_case"):
        raw_expected = {**raw_expected, name: {month: raw_expected[name].get(month, 0) for month in got[name]}}
    mismatched = {name: (raw_expected[name], got[name]) for name in raw_expected if raw_expected[name] != got[name]}
    assert not mismatched, f"figures differ from the raw rows: {mismatched}"
