"""The case API: one thin view per operation. Each finds the case through the selector (another authority's, or
one the caller may not see, is a 404), parses the input with a serializer, calls one service and renders the
result. Errors come out in the project's format (core/api.py): 400 with field errors (the services' field names),
401, 403 for a role that may not do this, 404, 409 for a change the case's state refuses, and 415 for a body that
is not JSON. Every read of a case's content (the case, its assessments, interventions or reviews) is audited as a
view of the case, like the case page; the list is not."""

from django.db.models import Prefetch, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.roles import Capability
from cases import permissions, selectors, services
from cases.api import serializers as s
from cases.lapsing import lapse_weeks_in_force, with_lapsed
from cases.models import AssessmentRating, Case, Closure, ClosureStatus, InterventionSession
from core.access import IsAuthorityMember
from core.api import validated
from core.exceptions import InvalidTransition
from referrals.api.serializers import ApiErrorOutput

A = permissions.CaseAction
ERRORS = {
    400: OpenApiResponse(ApiErrorOutput, description="Invalid input: `errors` names the fields."),
    401: OpenApiResponse(ApiErrorOutput, description="No credentials, or a token that is not valid."),
    403: OpenApiResponse(ApiErrorOutput, description="Your role does not allow this."),
    404: OpenApiResponse(ApiErrorOutput, description="No such case, or not one you may see."),
    409: OpenApiResponse(ApiErrorOutput, description="The case's status does not allow this change."),
    415: OpenApiResponse(ApiErrorOutput, description="The body is not JSON (`Content-Type: application/json`)."),
}
WRITE_ERRORS = (400, 404, 409, 415)


def _errors(*codes: int) -> dict:
    return {code: ERRORS[code] for code in (401, 403, *codes)}


class WorksOnCases(IsAuthorityMember):
    """Practitioners, safeguarding leads and managers work on cases; administrators and DPOs see none (403)."""

    message = "Your role does not allow this."

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        membership = request._request.membership
        return membership.can(Capability.SEE_ALL_CASES) or membership.can(Capability.RECORD_CASEWORK)


class CasePagination(LimitOffsetPagination):
    max_limit = 200


def _context(request) -> dict:
    def links(case) -> dict:
        url = request.build_absolute_uri(reverse("api:case", args=[case.pk]))
        return {"self": url, "assessments": f"{url}assessments/", "interventions": f"{url}interventions/",
                "reviews": f"{url}reviews/"}

    return {"membership": request.membership, "links": links}


def _case(request, case_id: int) -> Case:
    return selectors.case_get_for_user(request.membership, case_id)


def _render(request, case: Case, status_code: int = status.HTTP_200_OK) -> Response:
    """``case`` (as ``case_get_for_user`` loads it) as the caller may see it, with its closures."""
    prefetch_related_objects([case], Prefetch("closures", queryset=Closure.objects.select_related(
        "proposed_by", "decided_by")))
    return Response(s.CaseDetailOutput(case, context=_context(request)).data, status=status_code)


class CaseListApi(APIView):
    permission_classes = [WorksOnCases]

    @extend_schema(operation_id="v1_cases_list", summary="Cases you may see, newest first (a practitioner: the "
                   "cases they are given)", parameters=[
                       s.CaseListFilter,
                       OpenApiParameter("limit", int, description="Page size (default 50, at most 200)"),
                       OpenApiParameter("offset", int, description="Where the page starts")],
                   responses={200: s.CasePageOutput, 400: ERRORS[400], **_errors()})
    def get(self, request):
        filters = validated(s.CaseListFilter, request.query_params)
        cases = selectors.case_list_for(request.membership, **filters)
        paginator = CasePagination()
        page = paginator.paginate_queryset(cases, request, view=self)
        return paginator.get_paginated_response(s.CaseSummaryOutput(page, many=True, context=_context(request)).data)


class CaseDetailApi(APIView):
    permission_classes = [WorksOnCases]

    @extend_schema(operation_id="v1_cases_retrieve", summary="One case (the view is audited)",
                   responses={200: s.CaseDetailOutput, **_errors(404)})
    def get(self, request, case_id: int):
        case = _case(request, case_id)
        services.case_record_view(case=case, actor_membership=request.membership)
        return _render(request, case)


class CaseAssessmentsApi(APIView):
    permission_classes = [WorksOnCases]

    @extend_schema(operation_id="v1_cases_assessments_list", summary="The case's assessments, newest first, with "
                   "their ratings (the view is audited)", responses={200: s.AssessmentOutput(many=True),
                                                                     **_errors(404)})
    def get(self, request, case_id: int):
        case = _case(request, case_id)
        services.case_record_view(case=case, actor_membership=request.membership)
        return Response(s.AssessmentOutput(_assessments(case), many=True).data)

    @extend_schema(operation_id="v1_cases_assessments_create", request=s.AssessmentInput,
                   summary="Record an assessment (an open case moves to assessment)",
                   responses={201: s.AssessmentOutput, **_errors(*WRITE_ERRORS)})
    def post(self, request, case_id: int):
        case = _case(request, case_id)
        data = validated(s.AssessmentInput, request.data)
        assessment = services.assessment_record(
            case=case, actor_membership=request.membership, assessed_on=data["assessed_on"],
            ratings=data["ratings"], rating_notes=data["rating_notes"], summary=data["summary"], plan=data["plan"],
            overall_risk=data["overall_risk"])
        return Response(s.AssessmentOutput(_assessments(case).get(pk=assessment.pk)).data,
                        status=status.HTTP_201_CREATED)


def _assessments(case: Case):
    ratings = AssessmentRating.objects.select_related("factor", "rating_level").order_by("factor__position", "pk")
    return (case.assessments.select_related("assessed_by", "consensus_version")
            .prefetch_related(Prefetch("ratings", queryset=ratings)))


def _interventions(case: Case):
    """The case's interventions with their sessions, each flagged ``lapsed`` by the agreement's rule."""
    sessions = InterventionSession.objects.select_related("recorded_by")
    interventions = case.interventions.prefetch_related(Prefetch("sessions", queryset=sessions))
    return with_lapsed(interventions, lapse_weeks_in_force(case.authority_id), timezone.localdate())


def _intervention(case: Case, intervention_id: int):
    """The case's intervention (another case's, or none, is a 404)."""
    return _interventions(case).get(pk=intervention_id)


class CaseInterventionsApi(APIView):
    permission_classes = [WorksOnCases]

    @extend_schema(operation_id="v1_cases_interventions_list", summary="The case's interventions, earliest start "
                   "first, with their sessions (the view is audited)",
                   responses={200: s.InterventionOutput(many=True), **_errors(404)})
    def get(self, request, case_id: int):
        case = _case(request, case_id)
        services.case_record_view(case=case, actor_membership=request.membership)
        return Response(s.InterventionOutput(_interventions(case), many=True).data)

    @extend_schema(operation_id="v1_cases_interventions_create", request=s.InterventionInput,
                   summary="Add an intervention (after an assessment: the case in assessment, support or review)",
                   responses={201: s.InterventionOutput, **_errors(*WRITE_ERRORS)})
    def post(self, request, case_id: int):
        case = _case(request, case_id)
        data = validated(s.InterventionInput, request.data)
        intervention = services.intervention_add(case=case, actor_membership=request.membership, **data)
        return Response(s.InterventionOutput(_intervention(case, intervention.pk)).data,
                        status=status.HTTP_201_CREATED)


class InterventionSessionApi(APIView):
    permission_classes = [WorksOnCases]

    @extend_schema(operation_id="v1_cases_interventions_sessions_create", request=s.InterventionSessionInput,
                   summary="Record a session of an intervention (held or missed); returns the intervention",
                   responses={201: s.InterventionOutput, **_errors(*WRITE_ERRORS)})
    def post(self, request, case_id: int, intervention_id: int):
        case = _case(request, case_id)
        intervention = _intervention(case, intervention_id)
        data = validated(s.InterventionSessionInput, request.data)
        services.intervention_record_session(intervention=intervention, actor_membership=request.membership, **data)
        return Response(s.InterventionOutput(_intervention(case, intervention.pk)).data,
                        status=status.HTTP_201_CREATED)


class InterventionEndApi(APIView):
    permission_classes = [WorksOnCases]

    @extend_schema(operation_id="v1_cases_interventions_end", request=s.InterventionEndInput,
                   summary="End an intervention with its outcome",
                   responses={200: s.InterventionOutput, **_errors(*WRITE_ERRORS)})
    def post(self, request, case_id: int, intervention_id: int):
        case = _case(request, case_id)
        intervention = _intervention(case, intervention_id)
        data = validated(s.InterventionEndInput, request.data)
        services.intervention_end(intervention=intervention, actor_membership=request.membership, **data)
        return Response(s.InterventionOutput(_intervention(case, intervention.pk)).data)


class CaseReviewsApi(APIView):
    permission_classes = [WorksOnCases]

    @extend_schema(operation_id="v1_cases_reviews_list", summary="The case's reviews, earliest due first, held, "
                   "waiting and cancelled (the view is audited)", responses={200: s.ReviewOutput(many=True),
                                                                             **_errors(404)})
    def get(self, request, case_id: int):
        case = _case(request, case_id)
        services.case_record_view(case=case, actor_membership=request.membership)
        return Response(s.ReviewOutput(case.reviews.select_related("held_by"), many=True).data)

    @extend_schema(operation_id="v1_cases_reviews_record", request=s.ReviewInput,
                   summary="Record the review due first (scheduled, or after closure); returns that review",
                   responses={200: s.ReviewOutput, **_errors(*WRITE_ERRORS)})
    def post(self, request, case_id: int):
        case = _case(request, case_id)
        permissions.require(request.membership, A.REVIEW, case)
        review = case.reviews.filter(held_on__isnull=True, cancelled=False).order_by("due_on", "pk").first()
        if review is None:
            raise InvalidTransition("This case has no review waiting to be recorded.")
        data = validated(s.ReviewInput, request.data)
        services.review_record(review=review, actor_membership=request.membership, **data)
        return Response(s.ReviewOutput(case.reviews.select_related("held_by").get(pk=review.pk)).data)


class CaseCloseApi(APIView):
    permission_classes = [WorksOnCases]

    @extend_schema(operation_id="v1_cases_close", request=s.CloseInput,
                   summary="Propose closing the case, or approve or decline the proposal waiting (a lead or manager "
                           "other than the proposer); returns the case", responses={200: s.CaseDetailOutput,
                                                                                    **_errors(*WRITE_ERRORS)})
    def post(self, request, case_id: int):
        case = _case(request, case_id)
        data = validated(s.CloseInput, request.data)
        if data["action"] == "propose":
            services.closure_propose(case=case, actor_membership=request.membership, reason=data["reason"],
                                     summary=data["summary"])
        else:
            permissions.require(request.membership, A.APPROVE_CLOSURE, case)
            closure = case.closures.filter(status=ClosureStatus.PROPOSED).first()
            if closure is None:
                raise InvalidTransition("This case has no closure proposal waiting for a decision.")
            services.closure_decide(closure=closure, actor_membership=request.membership,
                                    approve=data["action"] == "approve", note=data["note"])
        return _render(request, _case(request, case.pk))  # its new state


class CaseAssignApi(APIView):
    permission_classes = [WorksOnCases]

    @extend_schema(operation_id="v1_cases_assign", request=s.AssignInput,
                   summary="Choose the lead worker (who is given the case) and, optionally, the team; returns the "
                           "case", responses={200: s.CaseDetailOutput, **_errors(*WRITE_ERRORS)})
    def post(self, request, case_id: int):
        case = _case(request, case_id)
        data = validated(s.AssignInput, request.data)
        team = {"team_id": data["team"]} if "team" in data else {}
        services.case_assign(case=case, actor_membership=request.membership, lead_worker_id=data["lead_worker"],
                             **team)
        return _render(request, _case(request, case.pk))  # its new state


class CaseStatusApi(APIView):
    permission_classes = [WorksOnCases]

    @extend_schema(operation_id="v1_cases_status", request=s.StatusInput,
                   summary="Start the assessment, the support plan (needs an assessment; schedules the first "
                           "review) or a review; returns the case", responses={200: s.CaseDetailOutput,
                                                                               **_errors(*WRITE_ERRORS)})
    def post(self, request, case_id: int):
        case = _case(request, case_id)
        data = validated(s.StatusInput, request.data)
        start = {"assessment": services.case_start_assessment, "support": services.case_start_support,
                 "review": services.case_start_review}[data["to"]]
        start(case=case, actor_membership=request.membership)
        return _render(request, _case(request, case.pk))  # its new state
