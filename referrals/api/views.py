"""The referral API: one thin view per operation. Each finds the referral through a selector (another authority's,
or one the caller may not see, is a 404), parses the input, calls one service and renders the referral as the
caller may see it. Errors come out in the project's format (core/api.py): 400 with field errors, 401, 403 for a
role that may not do this, 404, 409 for a change the referral's state refuses or a reused Idempotency-Key, and 415
for a body that is not JSON."""

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.roles import Capability
from core.access import IsAuthorityMember
from referrals import permissions, selectors, services
from referrals.api import serializers as s
from referrals.validation import ReferralInputError

A = permissions.ReferralAction
ERRORS = {
    400: OpenApiResponse(s.ApiErrorOutput, description="Invalid input: `errors` names the fields."),
    401: OpenApiResponse(s.ApiErrorOutput, description="No credentials, or a token that is not valid."),
    403: OpenApiResponse(s.ApiErrorOutput, description="Your role does not allow this."),
    404: OpenApiResponse(s.ApiErrorOutput, description="No such referral, or not one you may see."),
    409: OpenApiResponse(s.ApiErrorOutput, description="The referral's status does not allow this change."),
    415: OpenApiResponse(s.ApiErrorOutput, description="The body is not JSON (`Content-Type: application/json`)."),
}


def _errors(*codes: int) -> dict:
    return {code: ERRORS[code] for code in (401, 403, *codes)}


def _allowed(predicate, name: str) -> type[BasePermission]:
    class Allowed(IsAuthorityMember):
        message = "Your role does not allow this."

        def has_permission(self, request, view):
            return super().has_permission(request, view) and predicate(request._request.membership)

    Allowed.__name__ = name
    return Allowed


# Practitioners, safeguarding leads and managers work with referrals; administrators and DPOs see none (403).
WorksOnReferrals = _allowed(lambda m: m.can(Capability.SEE_ALL_REFERRALS) or permissions.can(m, A.CREATE),
                            "WorksOnReferrals")
MayCreate = _allowed(lambda m: permissions.can(m, A.CREATE), "MayCreateReferrals")


class ReferralPagination(LimitOffsetPagination):
    max_limit = 200


def _valid(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _context(request) -> dict:
    def links(referral) -> dict:
        url = request.build_absolute_uri(reverse("api:referral", args=[referral.pk]))
        return {"self": url, "history": f"{url}history/"}

    return {"membership": request.membership, "now": timezone.now(), "links": links}


def _referral(request, referral_id: int):
    return selectors.referral_get_for_user(request.membership, referral_id)


def _render(request, referral, status_code: int = status.HTTP_200_OK, **headers) -> Response:
    """``referral`` (as ``referral_get_for_user`` loads it) as the caller may see it."""
    matches = (selectors.referral_duplicate_matches(request.membership, referral)
               if permissions.can(request.membership, A.VIEW_SCREENING, referral) else [])
    body = s.ReferralDetailOutput(referral, context={**_context(request), "duplicate_matches": matches}).data
    return Response(body, status=status_code, headers=headers)


class ReferralListApi(APIView):
    def get_permissions(self):
        return [MayCreate() if self.request.method == "POST" else WorksOnReferrals()]

    @extend_schema(operation_id="v1_referrals_list", summary="Referrals you may see, immediate risk first, then "
                   "the earliest due", parameters=[
                       s.ReferralListFilter,
                       OpenApiParameter("limit", int, description="Page size (default 50, at most 200)"),
                       OpenApiParameter("offset", int, description="Where the page starts")],
                   responses={200: s.ReferralPageOutput, 400: ERRORS[400], **_errors()})
    def get(self, request):
        filters = _valid(s.ReferralListFilter, request.query_params)
        referrals = selectors.referral_list_visible_to(request.membership, **filters)
        paginator = ReferralPagination()
        page = paginator.paginate_queryset(referrals, request, view=self)
        return paginator.get_paginated_response(s.ReferralSummaryOutput(page, many=True,
                                                                        context=_context(request)).data)

    @extend_schema(
        operation_id="v1_referrals_create", summary="Make and submit a referral in one call",
        request=s.ReferralCreateInput,
        parameters=[OpenApiParameter(
            "Idempotency-Key", OpenApiTypes.STR, OpenApiParameter.HEADER,
            description="Up to 255 printable characters. A retry with the same key and body returns the referral "
                        "made first (200); the same key with a different body is a 409.")],
        responses={201: s.ReferralDetailOutput, 200: OpenApiResponse(s.ReferralDetailOutput, description=(
            "A retry: the referral made first with this Idempotency-Key.")), **_errors(400, 415),
            409: OpenApiResponse(s.ApiErrorOutput, description="This Idempotency-Key was used with another body.")})
    def post(self, request):
        # The body goes to the service as sent: it checks every field at once (ReferralCreateInput documents it).
        referral, created = services.referral_create_from_api(
            actor_membership=request.membership, data=request.data,
            idempotency_key=request.headers.get("Idempotency-Key"))
        location = reverse("api:referral", args=[referral.pk])
        return _render(request, _referral(request, referral.pk),
                       status.HTTP_201_CREATED if created else status.HTTP_200_OK,
                       Location=request.build_absolute_uri(location))


class ReferralDetailApi(APIView):
    permission_classes = [WorksOnReferrals]

    @extend_schema(operation_id="v1_referrals_retrieve", summary="One referral (the view is audited)",
                   responses={200: s.ReferralDetailOutput, **_errors(404)})
    def get(self, request, referral_id: int):
        referral = _referral(request, referral_id)
        services.referral_record_view(referral=referral, actor_membership=request.membership)
        return _render(request, referral)


class ReferralHistoryApi(APIView):
    permission_classes = [WorksOnReferrals]

    @extend_schema(operation_id="v1_referrals_history", summary="Transitions and, for screeners, screening notes, "
                   "oldest first (the view is audited)", responses={200: s.ReferralHistoryEntryOutput(many=True),
                                                                    **_errors(404)})
    def get(self, request, referral_id: int):
        referral = _referral(request, referral_id)
        entries = selectors.referral_history(request.membership, referral)
        services.referral_record_view(referral=referral, actor_membership=request.membership)
        return Response(s.ReferralHistoryEntryOutput(entries, many=True).data)


class ReferralDecideApi(APIView):
    permission_classes = [WorksOnReferrals]

    @extend_schema(operation_id="v1_referrals_decide", request=s.ReferralDecideInput,
                   summary="Decide: a pathway of the agreement in force and a rationale (a case-opening pathway "
                           "opens the case)", responses={200: s.ReferralDetailOutput, **_errors(400, 404, 409, 415)})
    def post(self, request, referral_id: int):
        referral = _referral(request, referral_id)
        data = _valid(s.ReferralDecideInput, request.data)
        services.referral_decide(referral=referral, actor_membership=request.membership,
                                 pathway_code=data["pathway"], rationale=data["rationale"],
                                 definition_codes=data["definitions_cited"])
        return _render(request, _referral(request, referral.pk))  # its new state


class ReferralAssignApi(APIView):
    permission_classes = [WorksOnReferrals]

    @extend_schema(operation_id="v1_referrals_assign", request=s.ReferralAssignInput,
                   summary="Assign a submitted or screening referral (null: unassign)",
                   responses={200: s.ReferralDetailOutput, **_errors(400, 404, 409, 415)})
    def post(self, request, referral_id: int):
        referral = _referral(request, referral_id)
        data = _valid(s.ReferralAssignInput, request.data)
        try:
            services.referral_assign(referral=referral, assignee_user_id=data["assignee"],
                                     actor_membership=request.membership)
        except ReferralInputError as error:  # the service's field is "assigned_to"; the API's is "assignee"
            raise ReferralInputError({"assignee" if field == "assigned_to" else field: messages
                                      for field, messages in error.errors.items()}, code=error.code) from None
        return _render(request, _referral(request, referral.pk))  # its new state


class ReferralStartScreeningApi(APIView):
    permission_classes = [WorksOnReferrals]

    @extend_schema(operation_id="v1_referrals_screening_start", request=None,
                   summary="Start screening (an unassigned referral is assigned to you)",
                   responses={200: s.ReferralDetailOutput, **_errors(404, 409)})
    def post(self, request, referral_id: int):
        referral = _referral(request, referral_id)
        services.referral_start_screening(referral=referral, actor_membership=request.membership)
        return _render(request, _referral(request, referral.pk))  # its new state


class ReferralNoteAddApi(APIView):
    permission_classes = [WorksOnReferrals]

    @extend_schema(operation_id="v1_referrals_notes_add", request=s.ScreeningNoteInput,
                   summary="Add a screening note (checks made, information from partners)",
                   responses={201: s.ScreeningNoteOutput, **_errors(400, 404, 409, 415)})
    def post(self, request, referral_id: int):
        referral = _referral(request, referral_id)
        data = _valid(s.ScreeningNoteInput, request.data)
        note = services.referral_screening_note_add(referral=referral, actor_membership=request.membership,
                                                    kind=data["kind"], text=data["text"])
        return Response(s.ScreeningNoteOutput(note).data, status=status.HTTP_201_CREATED)


class ReferralWithdrawApi(APIView):
    permission_classes = [WorksOnReferrals]

    @extend_schema(operation_id="v1_referrals_withdraw", request=s.ReferralWithdrawInput,
                   summary="Withdraw a referral, with a reason",
                   responses={200: s.ReferralDetailOutput, **_errors(400, 404, 409, 415)})
    def post(self, request, referral_id: int):
        referral = _referral(request, referral_id)
        data = _valid(s.ReferralWithdrawInput, request.data)
        services.referral_withdraw(referral=referral, actor_membership=request.membership, reason=data["reason"])
        return _render(request, _referral(request, referral.pk))  # its new state
