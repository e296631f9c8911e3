"""The referrals list: the screening queue for safeguarding leads and managers (immediate risk first, then the
earliest due, with filters), and for practitioners the referrals they made or were given, with their status.

The dashboard (reports) links here with more filters than the form shows, so that each of its numbers opens the
referrals behind it; ``DashboardLinkFilters`` reads them, and the page lists what they are (``dashboard_filters``).
"""

from datetime import datetime, time, timedelta

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.roles import Capability
from accounts.selectors import team_list
from consensus.selectors import consensus_current_for
from consensus.working_days import LONDON
from core.access import member_required
from referrals.forms import QueueFilterForm
from referrals.models import Gender, ReferralStatus, ReferrerSector
from referrals.selectors import AGE_BAND_LABELS, referral_list_visible_to

PAGE_SIZE = 25
NOT_DRAFT = [status for status in ReferralStatus.values if status != ReferralStatus.DRAFT]
NONE_RECORDED = "none"  # the query-string value for "no sector (or gender) recorded"
_YES_NO = [("yes", "Yes"), ("no", "No")]


class DashboardLinkFilters(forms.Form):
    """The dashboard's filters, from the query string (``received_from=2026-01-31``, ``sector=education``...). A
    value that is not understood is ignored on its own; the others still apply."""

    received_from = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
    received_to = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
    decided_from = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
    decided_to = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
    pathway = forms.RegexField(r"^[a-z0-9_]{1,40}$", required=False)
    sector = forms.ChoiceField(choices=[*ReferrerSector.choices, (NONE_RECORDED, "None recorded")], required=False)
    gender = forms.ChoiceField(choices=[*Gender.choices, (NONE_RECORDED, "None recorded")], required=False)
    age_band = forms.ChoiceField(choices=list(AGE_BAND_LABELS.items()), required=False)
    repeat = forms.ChoiceField(choices=_YES_NO, required=False)
    case = forms.ChoiceField(choices=_YES_NO, required=False)
    on_time = forms.ChoiceField(choices=_YES_NO, required=False)

    @staticmethod
    def _range(data, name) -> tuple[datetime | None, datetime | None] | None:
        """[start, end) moments from the first and last days (in England) given, either of which may be left out."""
        first, last = data.get(f"{name}_from"), data.get(f"{name}_to")
        if first is None and last is None:
            return None
        return (datetime.combine(first, time.min, tzinfo=LONDON) if first else None,
                datetime.combine(last + timedelta(days=1), time.min, tzinfo=LONDON) if last else None)

    def filters(self) -> tuple[dict, list[str]]:
        """The selector's ``report`` argument, and each filter in words for the page."""
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}
        report, words = {}, []
        for name, verb in (("received", "Received"), ("decided", "Decided")):
            moments = self._range(data, name)
            if moments is not None:
                report[name] = moments
                words.append(f"{verb} {_days(data.get(f'{name}_from'), data.get(f'{name}_to'))}")
        if "pathway" in data:
            report["pathway"] = data["pathway"]
            words.append(f"Response: {data['pathway'].replace('_', ' ')}")
        for name, label in (("sector", "Referrer's sector"), ("gender", "Gender")):
            if name in data:
                report[name] = "" if data[name] == NONE_RECORDED else data[name]
                words.append(f"{label}: {dict(self.fields[name].choices)[data[name]].lower()}")
        if "age_band" in data:
            report["age_band"] = data["age_band"]
            words.append(f"Age when referred: {AGE_BAND_LABELS[data['age_band']].lower()}")
        for name, yes, no in (("repeat", "Repeat referrals only", "Not repeat referrals"),
                              ("case", "A case was opened", "No case was opened"),
                              ("on_time", "Decided in time", "Decided late")):
            if name in data:
                report[{"case": "became_case"}.get(name, name)] = data[name] == "yes"
                words.append(yes if data[name] == "yes" else no)
        return report, words


def _days(first, last) -> str:
    def day(value):
        return f"{value.day} {value:%B %Y}"

    if first and last:
        return f"from {day(first)} to {day(last)}"
    return f"from {day(first)}" if first else f"up to {day(last)}"


@require_GET
@member_required(Capability.SUBMIT_REFERRAL)
def referral_list(request):
    membership = request.membership
    screener = membership.can(Capability.SEE_ALL_REFERRALS)
    form, dashboard_filters = None, []
    if screener:
        form = QueueFilterForm(request.GET or None, teams=team_list(membership),
                               version=consensus_current_for(membership.authority_id))
    filters = form.filters() if form is not None else {"status": NOT_DRAFT}
    dashboard_params = []
    if screener:
        link_filters = DashboardLinkFilters(request.GET)
        filters["report"], dashboard_filters = link_filters.filters()
        dashboard_params = [(name, request.GET[name]) for name in link_filters.fields if request.GET.get(name)]
    page = Paginator(referral_list_visible_to(membership, **filters), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "referrals/referral_list.html",
                  {"form": form, "page": page, "screener": screener, "now": timezone.now(),
                   "dashboard_filters": dashboard_filters, "dashboard_params": dashboard_params})
