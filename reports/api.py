"""GET /api/v1/dashboard/summary/: the authority dashboard's figures, for the same period and team filters, as the
page shows them (both call reports.figures.dashboard_figures). Safeguarding leads and managers only (403 for other
roles); another authority's records are never counted."""

from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.roles import Capability
from accounts.selectors import team_list
from core.access import capability_required
from referrals.api.serializers import ApiErrorOutput
from reports.figures import dashboard_figures
from reports.forms import check_dates
from reports.periods import BETWEEN_DATES, DEFAULT_PERIOD, PERIOD_CHOICES, report_filters


class DashboardFilterInput(serializers.Serializer):
    period = serializers.ChoiceField(choices=PERIOD_CHOICES, default=DEFAULT_PERIOD,
                                     help_text="30d, 90d or 12m (ending today), or custom with date_from and "
                                               "date_to.")
    date_from = serializers.DateField(required=False, help_text="First day (YYYY-MM-DD), with period=custom.")
    date_to = serializers.DateField(required=False, help_text="Last day (YYYY-MM-DD), with period=custom.")
    team = serializers.IntegerField(required=False, help_text="A team's id; leave out for every team.")

    def __init__(self, *args, teams=(), today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.teams, self.today = {team.pk: team for team in teams}, today

    def validate_team(self, value):
        if value not in self.teams:
            raise serializers.ValidationError("No such team in your authority.")
        return self.teams[value]

    def validate(self, attrs):
        if attrs["period"] == BETWEEN_DATES:
            errors = check_dates(attrs.get("date_from"), attrs.get("date_to"), self.today)
            if errors:
                raise serializers.ValidationError({field: [message] for field, message in errors.items()})
        return attrs


class _Period(serializers.Serializer):
    key = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    label = serializers.CharField()


class _Team(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class _Counted(serializers.Serializer):
    code = serializers.CharField(allow_null=True)
    label = serializers.CharField()
    count = serializers.IntegerField()
    percent = serializers.IntegerField(allow_null=True, help_text="Of the whole, rounded (halves up).")


class _ReferralCounts(serializers.Serializer):
    received = serializers.IntegerField(help_text="Submitted in the period.")
    repeat = serializers.IntegerField(help_text="Received, about someone referred before (duplicate check).")
    repeat_percent = serializers.IntegerField(allow_null=True)
    awaiting_decision = serializers.IntegerField(help_text="Submitted or being screened now.")
    overdue = serializers.IntegerField(help_text="Waiting now, past the decision's due time.")
    decided = serializers.IntegerField(help_text="Decided in the period.")
    decided_on_time = serializers.IntegerField()
    on_time_percent = serializers.IntegerField(allow_null=True)
    became_case = serializers.IntegerField(help_text="Decided in the period, with a case opened.")
    became_case_percent = serializers.IntegerField(allow_null=True)


class _DecisionTimes(serializers.Serializer):
    decided = serializers.IntegerField()
    median_working_days = serializers.FloatField(allow_null=True)
    p90_working_days = serializers.FloatField(allow_null=True, help_text="90th percentile, interpolated.")


class _RiskCount(serializers.Serializer):
    code = serializers.CharField()
    count = serializers.IntegerField()


class _Stage(_Counted):
    by_risk = _RiskCount(many=True)


class _Cases(serializers.Serializer):
    open = serializers.IntegerField()
    by_risk = _Counted(many=True)
    by_stage = _Stage(many=True)


class _Reviews(serializers.Serializer):
    overdue = serializers.IntegerField()
    due_soon = serializers.IntegerField()
    due_soon_days = serializers.IntegerField()


class _InterventionNumbers(serializers.Serializer):
    active = serializers.IntegerField()
    lapsed = serializers.IntegerField()
    ended = serializers.IntegerField(help_text="Ended in the period.")
    achieved = serializers.IntegerField()
    partly_achieved = serializers.IntegerField()
    not_achieved = serializers.IntegerField()
    disengaged = serializers.IntegerField()
    achieved_percent = serializers.IntegerField(allow_null=True)


class _InterventionType(_InterventionNumbers):
    code = serializers.CharField()
    label = serializers.CharField()


class _Interventions(_InterventionNumbers):
    lapse_weeks = serializers.IntegerField(allow_null=True)
    by_type = _InterventionType(many=True)


class _Month(serializers.Serializer):
    month = serializers.CharField(help_text="YYYY-MM")
    label = serializers.CharField()
    received = serializers.IntegerField()
    decided = serializers.IntegerField()
    became_case = serializers.IntegerField()


class DashboardSummaryOutput(serializers.Serializer):
    period = _Period()
    team = _Team(allow_null=True)
    as_at = serializers.DateTimeField()
    referrals = _ReferralCounts()
    decision_times = _DecisionTimes()
    pathways = _Counted(many=True)
    concern_types = _Counted(many=True)
    sectors = _Counted(many=True)
    age_bands = _Counted(many=True)
    genders = _Counted(many=True)
    cases = _Cases()
    reviews = _Reviews()
    interventions = _Interventions()
    trends = _Month(many=True)


class DashboardSummaryApi(APIView):
    permission_classes = [capability_required(Capability.AUTHORITY_DASHBOARD)]

    @extend_schema(operation_id="v1_dashboard_summary", summary="The authority dashboard's figures",
                   parameters=[DashboardFilterInput], responses={
                       200: DashboardSummaryOutput,
                       400: OpenApiResponse(ApiErrorOutput, description="A filter that is not valid."),
                       401: OpenApiResponse(ApiErrorOutput, description="No credentials, or a token that is not "
                                                                        "valid."),
                       403: OpenApiResponse(ApiErrorOutput, description="Your role does not allow this.")})
    def get(self, request):
        membership, now = request.membership, timezone.now()
        params = {key: value for key, value in request.query_params.items() if value != ""}
        given = DashboardFilterInput(data=params, teams=team_list(membership), today=timezone.localdate(now))
        given.is_valid(raise_exception=True)
        data = given.validated_data
        filters = report_filters(key=data["period"], start=data.get("date_from"), end=data.get("date_to"),
                                 team=data.get("team"), at=now)
        return Response(dashboard_figures(membership, filters))
