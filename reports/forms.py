"""The dashboard's filter form (GET): the period and the team. The API reads the same choices
(reports.api.DashboardFilterInput) and both give ``ReportFilters``."""

from django import forms

from cases.models import InterventionOutcome, InterventionType
from referrals.forms import DateParts, Radios, date_input_parts
from reports.figures import REVIEWS_DUE_DAYS
from reports.periods import BETWEEN_DATES, DEFAULT_PERIOD, PERIOD_CHOICES, ReportFilters, report_filters

ALL_TEAMS = ""
LONGEST_YEARS = 10


def check_dates(start, end, today) -> dict[str, str]:
    """What is wrong with a custom period, by field (``date_from``, ``date_to``); empty when it is fine."""
    errors = {}
    if start is None:
        errors["date_from"] = "Enter the first day of the period"
    if end is None:
        errors["date_to"] = "Enter the last day of the period"
    if start is None or end is None:
        return errors
    if end > today:
        errors["date_to"] = "The last day must be today or in the past"
    elif start > end:
        errors["date_to"] = "The last day must be the same as or after the first day"
    elif end.year - start.year > LONGEST_YEARS:
        errors["date_from"] = f"Choose a period of {LONGEST_YEARS} years or less"
    return errors


class DashboardFilterForm(forms.Form):
    period = forms.ChoiceField(label="Period", choices=PERIOD_CHOICES, required=False, widget=Radios)
    date_from = DateParts("First day", hint="For example, 1 4 2025")
    date_to = DateParts("Last day", hint="For example, 31 3 2026")
    team = forms.TypedChoiceField(label="Team", coerce=int, required=False, empty_value=None)

    def __init__(self, data, *, teams, today):
        # No choice made yet is the default period for every team.
        super().__init__(data if data else None, initial={"period": DEFAULT_PERIOD})
        self.teams = {team.pk: team for team in teams}
        self.today = today
        self.fields["team"].choices = [(ALL_TEAMS, "All teams"), *((team.pk, team.name) for team in teams)]

    def clean(self):
        data = super().clean()
        if data.get("period") == BETWEEN_DATES:
            for field, message in check_dates(data.get("date_from"), data.get("date_to"), self.today).items():
                if not self.has_error(field):  # a date that is not real already says so
                    self.add_error(field, message)
        return data

    def date_from_parts(self):
        return date_input_parts(self["date_from"])

    def date_to_parts(self):
        return date_input_parts(self["date_to"])

    def report_filters(self, at) -> ReportFilters | None:
        """The filters chosen (the default when nothing was sent), or None when something must be corrected."""
        if not self.is_bound:
            return report_filters(key=DEFAULT_PERIOD, at=at)
        if not self.is_valid():
            return None
        data = self.cleaned_data
        team = self.teams.get(data.get("team")) if data.get("team") is not None else None
        return report_filters(key=data.get("period") or DEFAULT_PERIOD, start=data.get("date_from"),
                              end=data.get("date_to"), team=team, at=at)


REVIEW_STATES = [("overdue", "Overdue"), ("due_soon", f"Due in the next {REVIEWS_DUE_DAYS // 7} weeks")]
INTERVENTION_STATES = [("active", "Active now"), ("lapsed", "Lapsed now"), ("ended", "Ended")]


class _ListFilters(forms.Form):
    """The query string of one of the dashboard's own lists. Values not understood are ignored one by one."""

    team = forms.IntegerField(required=False, min_value=1)

    def values(self) -> dict:
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}


class ReviewListFilters(_ListFilters):
    state = forms.ChoiceField(choices=REVIEW_STATES, required=False)


class InterventionListFilters(_ListFilters):
    state = forms.ChoiceField(choices=INTERVENTION_STATES, required=False)
    kind = forms.ChoiceField(choices=InterventionType.choices, required=False)
    outcome = forms.ChoiceField(choices=InterventionOutcome.choices, required=False)
    ended_from = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
    ended_to = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
