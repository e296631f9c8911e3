"""The dashboard page's view of the figures: each number with the address of its list (reports.links), and each
chart drawn (reports.charts) from the same rows as the table beside it. The figures themselves are not changed,
so the page shows exactly what the API returns."""

from datetime import date

from cases.models import InterventionOutcome
from reports.charts import Bar, Series, bar_chart, line_chart
from reports.links import Links
from reports.periods import ReportFilters

NONE_RECORDED = "none"
SHORT_RISK = {"none": "Not assessed"}
RISK_WORDS = {"high": "high risk", "medium": "medium risk", "low": "low risk", "none": "not assessed yet"}


def _count_text(row: dict) -> str:
    share = f" ({row['percent']}%)" if row.get("percent") is not None else ""
    return f"{row['count']:,}{share}"


def _largest(rows: list[dict], noun: str) -> str:
    if not any(row["count"] for row in rows):
        return f"No {noun} in this period."
    top = max(rows, key=lambda row: row["count"])
    return f"Bar chart of {len(rows)} groups. The largest is {top['label']}: {top['count']:,} {noun}."


def _bars(chart_id: str, rows: list[dict], *, title: str, noun: str) -> str:
    return bar_chart(chart_id, [Bar(row["label"], row["count"], _count_text(row)) for row in rows],
                     title=title, description=_largest(rows, noun))


def _linked(rows: list[dict], url) -> list[dict]:
    return [{**row, "url": url(row)} for row in rows]


def _referral_sections(figures: dict, links: Links, current_concerns: set[str]) -> dict:
    def concern_url(row):
        return links.received_with(concern_type=row["code"]) if row["code"] in current_concerns else None

    def code_or_none(row):
        return row["code"] or NONE_RECORDED

    return {
        "pathways": {"rows": _linked(figures["pathways"], lambda row: links.decided_with(pathway=row["code"])),
                     "chart": _bars("chart-pathways", figures["pathways"], title="Decisions by response",
                                    noun="decisions")},
        "concern_types": {"rows": _linked(figures["concern_types"], concern_url),
                          "chart": _bars("chart-concerns", figures["concern_types"],
                                         title="Referrals by type of concern", noun="referrals")},
        "sectors": {"rows": _linked(figures["sectors"], lambda row: links.received_with(sector=code_or_none(row))),
                    "chart": _bars("chart-sectors", figures["sectors"], title="Referrals by the referrer's sector",
                                   noun="referrals")},
        "age_bands": {"rows": _linked(figures["age_bands"], lambda row: links.received_with(age_band=row["code"])),
                      "chart": _bars("chart-ages", figures["age_bands"], title="Referrals by age when referred",
                                     noun="referrals")},
        "genders": {"rows": _linked(figures["genders"], lambda row: links.received_with(gender=code_or_none(row))),
                    "chart": _bars("chart-genders", figures["genders"], title="Referrals by gender",
                                   noun="referrals")},
    }


def _case_sections(figures: dict, links: Links) -> dict:
    cases = figures["cases"]
    stages = [{**row, "url": links.cases(status=row["code"]),
               "cells": [{**cell, "words": RISK_WORDS[cell["code"]],
                          "url": links.cases(status=row["code"], risk=cell["code"])}
                         for cell in row["by_risk"]]} for row in cases["by_stage"]]
    outcomes = [(value, label) for value, label in InterventionOutcome.choices]
    kinds = []
    for row in figures["interventions"]["by_type"]:
        kinds.append({**row, "urls": {
            "active": links.interventions(kind=row["code"], state="active"),
            "lapsed": links.interventions(kind=row["code"], state="lapsed"),
            "ended": links.interventions(kind=row["code"], state="ended"),
            **{outcome: links.interventions(kind=row["code"], state="ended", outcome=outcome)
               for outcome, _ in outcomes}}})
    rated = [row for row in kinds if row["ended"]]
    achieved = bar_chart(
        "chart-interventions",
        [Bar(row["label"], row["achieved_percent"], f"{row['achieved_percent']}% ({row['achieved']:,} of "
                                                     f"{row['ended']:,})") for row in rated],
        title="Interventions that achieved their aims, by type",
        description=("No interventions ended in this period." if not rated else
                     f"Bar chart of the share of interventions ended in the period that achieved their aims, for "
                     f"{len(rated)} types, on a scale of 0 to 100%."), scale=100)
    return {
        "risk": {"rows": _linked(cases["by_risk"], lambda row: links.cases(risk=row["code"])),
                 "chart": _bars("chart-risk", cases["by_risk"], title="Open cases by risk level", noun="cases")},
        "stages": {"rows": stages, "risk_order": [(row["code"], SHORT_RISK.get(row["code"], row["label"]))
                                                  for row in cases["by_risk"]],
                   "chart": _bars("chart-stages", cases["by_stage"], title="Open cases by stage", noun="cases")},
        "interventions": {"rows": kinds, "rated": rated, "outcomes": outcomes, "chart": achieved},
    }


def _trend_section(figures: dict, links: Links, today: date) -> dict:
    rows = []
    for row in figures["trends"]:
        first = date.fromisoformat(f"{row['month']}-01")
        so_far = (first.year, first.month) == (today.year, today.month)
        rows.append({**row, "short": first.strftime("%b %Y") + (" (so far)" if so_far else ""), "so_far": so_far,
                     "urls": {"received": links.month(first), "decided": links.month(first, decided=True),
                              "became_case": links.month(first, became_case=True)}})
    labels = [(row["short"][:3], "so far" if row["so_far"] else
               row["month"][:4] if index == 0 or row["month"].endswith("-01") else "")
              for index, row in enumerate(rows)]
    series = [Series("Received", [row["received"] for row in rows], "#1d70b8", "", "circle"),
              Series("Decided", [row["decided"] for row in rows], "#0b0c0c", "7 4", "square"),
              Series("Became a case", [row["became_case"] for row in rows], "#00703c", "2 3", "triangle")]
    total = sum(row["received"] for row in rows)
    description = (f"Line chart of referrals received, decided and becoming a case in each month from "
                   f"{rows[0]['label']} to {rows[-1]['label']}: {total} received in all.")
    return {"rows": rows, "chart": line_chart("chart-trends", labels, series, title="Referrals month by month",
                                              description=description)}


def _stat(number, label: str, hint: str = "", url: str | None = None, warn: bool = False) -> dict:
    """A headline number; ``warn`` when it asks for action now (the label says so too, not only the colour)."""
    shown = "–" if number is None else f"{number:,}" if isinstance(number, int) else number
    return {"number": shown, "label": label, "hint": hint, "url": url, "warn": warn}


def _percent(value: int | None) -> str | None:
    return None if value is None else f"{value}%"


def _days(value: float | None) -> str | None:
    return None if value is None else f"{value:g}"


def _working_days(value: float | None, rest: str) -> str:
    return f"working {'day' if value == 1 else 'days'} {rest}"


def _stats(figures: dict, links: Links) -> dict:
    """The headline numbers of each section, in words, each with the list behind it."""
    r, t, c, rv, i = (figures[name] for name in ("referrals", "decision_times", "cases", "reviews",
                                                 "interventions"))
    late = r["decided"] - r["decided_on_time"]
    return {
        "referrals": [
            _stat(r["received"], "received", "in the period", links.received_with()),
            _stat(r["awaiting_decision"], "waiting for a decision", "now", links.waiting()),
            _stat(r["overdue"], "overdue for a decision", "now: past the agreed time", links.waiting(overdue=True),
                  warn=r["overdue"] > 0),
            _stat(r["repeat"], "repeat referrals", f"{_percent(r['repeat_percent']) or 'none'} of those received: "
                  "the same person was referred before", links.received_with(repeat="yes")),
        ],
        "decisions": [
            _stat(r["decided"], "decided", "in the period", links.decided_with()),
            _stat(_days(t["median_working_days"]), _working_days(t["median_working_days"], "to decide (median)"),
                  "half the decisions took this long or less", links.decided_with()),
            _stat(_days(t["p90_working_days"]), _working_days(t["p90_working_days"], "for 9 in 10 decisions"),
                  "the 90th percentile", links.decided_with()),
            _stat(_percent(r["on_time_percent"]), "decided in the agreed time",
                  f"{r['decided_on_time']:,} of {r['decided']:,}; {late:,} late", links.decided_with(on_time="yes")),
            _stat(_percent(r["became_case_percent"]), "became a case", f"{r['became_case']:,} of {r['decided']:,}",
                  links.decided_with(case="yes")),
        ],
        "late_url": links.decided_with(on_time="no") if late else None,
        "cases": [
            _stat(c["open"], "open cases", "now: not closed", links.cases()),
            _stat(rv["overdue"], "reviews overdue", "now", links.reviews("overdue"), warn=rv["overdue"] > 0),
            _stat(rv["due_soon"], "reviews due", f"in the next {rv['due_soon_days'] // 7} weeks",
                  links.reviews("due_soon")),
        ],
        "interventions": [
            _stat(i["active"], "active interventions", "now", links.interventions(state="active")),
            _stat(i["lapsed"], "lapsed interventions",
                  f"now: no session for more than {i['lapse_weeks']} weeks" if i["lapse_weeks"] else
                  "no agreement in force to judge by", links.interventions(state="lapsed"), warn=i["lapsed"] > 0),
            _stat(i["ended"], "ended", "in the period", links.interventions(state="ended")),
            _stat(_percent(i["achieved_percent"]), "achieved their aims", f"{i['achieved']:,} of {i['ended']:,} ended",
                  links.interventions(state="ended", outcome="achieved")),
        ],
    }


def dashboard_page(figures: dict, filters: ReportFilters, current_concerns: set[str]) -> dict:
    """Everything the dashboard template shows besides the form: ``figures`` with addresses and charts added."""
    links = Links(filters)
    return {
        "figures": figures,
        "stats": _stats(figures, links),
        **_referral_sections(figures, links, current_concerns),
        **_case_sections(figures, links),
        "trends": _trend_section(figures, links, filters.today),
    }
