"""Where each number on the dashboard leads: the list of the records it counts, filtered the same way.

Referral figures open the referral list (/referrals/) with its filters and the dashboard's own (see
referrals.views.queue.DashboardLinkFilters); open cases open the cases list (/cases/) by status, risk level and
team; reviews and interventions open the dashboard's own lists of them (reports.views), because the cases list
lists cases, not their reviews or interventions. The team is passed on as the list's ``team`` filter.
"""

from datetime import date

from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils.http import urlencode

from reports.periods import ReportFilters

ALL_STATUSES = "all"


def _url(name: str, params: dict) -> str:
    query = urlencode({key: value for key, value in params.items() if value not in (None, "")})
    return reverse(name) + (f"?{query}" if query else "")


class Links:
    """URLs for one set of filters. Each method returns the address of the list behind one number."""

    def __init__(self, filters: ReportFilters):
        self.filters = filters
        self.team = {"team": filters.team_id}
        period = filters.period
        self.received = {"status": ALL_STATUSES, "received_from": period.start.isoformat(),
                         "received_to": period.end.isoformat(), **self.team}
        self.decided = {"status": "decided", "decided_from": period.start.isoformat(),
                        "decided_to": period.end.isoformat(), **self.team}

    def referrals(self, **params) -> str:
        return _url("referrals:list", params)

    def received_with(self, **params) -> str:
        return self.referrals(**self.received, **params)

    def decided_with(self, **params) -> str:
        return self.referrals(**self.decided, **params)

    def waiting(self, *, overdue: bool = False) -> str:
        return self.referrals(status="open", overdue="on" if overdue else None, **self.team)

    def month(self, first_day: date, *, decided: bool = False, became_case: bool = False) -> str:
        last_day = first_day + relativedelta(months=1, days=-1)
        if decided or became_case:
            return self.referrals(status="decided", decided_from=first_day.isoformat(),
                                  decided_to=last_day.isoformat(), case="yes" if became_case else None, **self.team)
        return self.referrals(status=ALL_STATUSES, received_from=first_day.isoformat(),
                              received_to=last_day.isoformat(), **self.team)

    def cases(self, *, status: str | None = None, risk: str | None = None) -> str:
        """The cases list: not closed (its default) unless ``status`` names a stage; ``risk`` a level or "none"."""
        return _url("cases:caseload", {"status": status, "risk": risk, **self.team})

    def reviews(self, state: str) -> str:
        return _url("reports:reviews", {"state": state, **self.team})

    def interventions(self, *, kind: str | None = None, state: str, outcome: str | None = None) -> str:
        params = {"kind": kind, "state": state, "outcome": outcome, **self.team}
        if state == "ended":
            params.update(ended_from=self.filters.period.start.isoformat(),
                          ended_to=self.filters.period.end.isoformat())
        return _url("reports:interventions", params)
