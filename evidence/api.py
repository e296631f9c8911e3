"""The evidence API: ``GET /api/v1/evidence/outcomes/``, the same figures as the evidence pages, built by the same
functions. Safeguarding leads and managers only (403 for other roles)."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.services._common import today
from core.access import IsAuthorityMember
from evidence import permissions
from evidence.figures import authority_figures, pooled_figures
from evidence.services import opted_in_authority_ids
from referrals.api.serializers import ApiErrorOutput


class SeesFigures(IsAuthorityMember):
    """Safeguarding leads and managers (the evidence policy's "see figures")."""

    message = "Your role does not allow this."

    def has_permission(self, request, view):
        return super().has_permission(request, view) and permissions.role_can(
            request._request.membership, permissions.A.SEE_FIGURES)


class ColumnOutput(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()


class RowOutput(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    counts = serializers.ListField(child=serializers.IntegerField(allow_null=True),
                                   help_text="One count per column. In pooled tables `null` means withheld.")
    total = serializers.IntegerField(allow_null=True)


class TableOutput(serializers.Serializer):
    key = serializers.CharField(help_text="For example `outcomes_by_intervention`, `court_outcomes`.")
    title = serializers.CharField()
    row_heading = serializers.CharField()
    columns = ColumnOutput(many=True)
    rows = RowOutput(many=True)
    totals = RowOutput()


class MonthOutput(serializers.Serializer):
    month = serializers.CharField(help_text="YYYY-MM")
    referrals = serializers.IntegerField()
    engagement_sessions = serializers.IntegerField()
    engagement_attendance = serializers.IntegerField()


class AuthorityFiguresOutput(serializers.Serializer):
    authority = serializers.CharField()
    prevent_priority_area = serializers.BooleanField()
    interventions_ended = serializers.IntegerField()
    tables = TableOutput(many=True, help_text="Exact counts for your authority.")
    referrals_and_engagement = MonthOutput(many=True)


class PooledFiguresOutput(serializers.Serializer):
    available = serializers.BooleanField(help_text="False when your authority does not share, or too few do.")
    reason = serializers.CharField(allow_blank=True)
    authorities = serializers.IntegerField(help_text="How many authorities' figures are pooled.")
    withheld_below = serializers.IntegerField(help_text="Counts from 1 up to this number less one are withheld.")
    rounded_to = serializers.IntegerField(help_text="Published pooled counts are rounded to a multiple of this.")
    tables = TableOutput(many=True, required=False)
    areas_reason = serializers.CharField(required=False, allow_blank=True,
                                         help_text="Why the Prevent priority area comparison is not shown, if not.")


class EvidenceOutcomesOutput(serializers.Serializer):
    authority = AuthorityFiguresOutput()
    pooled = PooledFiguresOutput()


class EvidenceOutcomesApi(APIView):
    permission_classes = [SeesFigures]

    @extend_schema(operation_id="v1_evidence_outcomes", summary="The evidence base: your authority's figures "
                   "and, when it shares, the sharing authorities' figures pooled with disclosure control",
                   responses={200: EvidenceOutcomesOutput,
                              401: OpenApiResponse(ApiErrorOutput, description="No credentials, or a token that is "
                                                                               "not valid."),
                              403: OpenApiResponse(ApiErrorOutput, description="Your role does not allow this.")})
    def get(self, request):
        membership = request._request.membership
        own = authority_figures(membership.authority, today())
        pooled = pooled_figures(membership.authority_id, opted_in_authority_ids())
        return Response({"authority": own.as_data(), "pooled": pooled.as_data()})
