"""The agreement's API: thin views that parse input, find the version through a selector (another authority's
is a 404), call one service and render the version. Errors come out in the project's format (core/api.py):
400 with field errors, 403 for a role that may not act, 404, and 409 for a change the version's state refuses."""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.roles import Capability
from consensus import selectors, services
from consensus.api import serializers as s
from consensus.permissions import ConsensusAction as A
from consensus.permissions import allowed_to
from core.access import capability_required
from core.api import validated


class _VersionApi(APIView):
    def version(self, version_id: int):
        return selectors.consensus_version_get_for_user(self.request.membership, version_id)

    def render(self, version_id: int, status_code: int = status.HTTP_200_OK) -> Response:
        output = s.VersionDetailOutput(self.version(version_id), context={"membership": self.request.membership})
        return Response(output.data, status=status_code)


class ConsensusCurrentApi(_VersionApi):
    permission_classes = [allowed_to(A.VIEW_PUBLISHED)]

    @extend_schema(responses=s.VersionDetailOutput, summary="The agreement in force in your authority")
    def get(self, request):
        version = selectors.consensus_current_for(request.membership.authority_id)
        if version is None:
            raise exceptions.NotFound("Your authority has not published its agreement yet.")
        return Response(s.VersionDetailOutput(version, context={"membership": request.membership}).data)


class ConsensusVersionListApi(_VersionApi):
    def get_permissions(self):
        action = A.CREATE_DRAFT if self.request.method == "POST" else A.VIEW_PUBLISHED
        return [allowed_to(action)()]

    @extend_schema(responses=s.VersionPageOutput, summary="Versions you may see, newest first",
                   operation_id="v1_consensus_versions_list",
                   parameters=[OpenApiParameter("limit", int, description="Page size (default 50)"),
                               OpenApiParameter("offset", int, description="Where the page starts")])
    def get(self, request):
        paginator = LimitOffsetPagination()
        page = paginator.paginate_queryset(selectors.consensus_version_list_visible_to(request.membership),
                                           request, view=self)
        return paginator.get_paginated_response(
            s.VersionOutput(page, many=True, context={"membership": request.membership}).data)

    @extend_schema(request=s.VersionCreateInput, responses={201: s.VersionDetailOutput},
                   summary="Start a draft (a copy of the agreement in force, or the starter agreement)")
    def post(self, request):
        data = validated(s.VersionCreateInput, request.data)
        draft = services.consensus_draft_create(actor_membership=request.membership, summary=data.get("summary", ""))
        return self.render(draft.pk, status.HTTP_201_CREATED)


class ConsensusVersionDetailApi(_VersionApi):
    def get_permissions(self):
        if self.request.method == "PATCH":
            return [capability_required(Capability.EDIT_CONSENSUS)()]
        return [allowed_to(A.DISCARD if self.request.method == "DELETE" else A.VIEW_PUBLISHED)()]

    @extend_schema(responses=s.VersionDetailOutput, summary="One version with all its content")
    def get(self, request, version_id: int):
        return self.render(version_id)

    @extend_schema(request=s.VersionUpdateInput, responses=s.VersionDetailOutput, summary="Edit a draft")
    def patch(self, request, version_id: int):
        changes = validated(s.VersionUpdateInput, request.data)
        services.consensus_version_apply_changes(version=self.version(version_id), changes=changes,
                                                 actor_membership=request.membership)
        return self.render(version_id)

    @extend_schema(responses={204: OpenApiResponse(description="Draft discarded")}, summary="Discard a draft")
    def delete(self, request, version_id: int):
        services.consensus_draft_discard(version=self.version(version_id), actor_membership=request.membership)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ConsensusVersionSubmitApi(_VersionApi):
    permission_classes = [allowed_to(A.SUBMIT)]

    @extend_schema(request=None, responses=s.VersionDetailOutput, summary="Send a draft for sign-off")
    def post(self, request, version_id: int):
        services.consensus_version_submit_for_review(version=self.version(version_id),
                                                     actor_membership=request.membership)
        return self.render(version_id)


class ConsensusVersionReturnApi(_VersionApi):
    permission_classes = [allowed_to(A.RETURN_TO_DRAFT)]

    @extend_schema(request=s.ReturnToDraftInput, responses=s.VersionDetailOutput,
                   summary="Return a version in review to draft (withdraws its sign-offs)")
    def post(self, request, version_id: int):
        data = validated(s.ReturnToDraftInput, request.data)
        services.consensus_version_return_to_draft(version=self.version(version_id), reason=data.get("reason", ""),
                                                   actor_membership=request.membership)
        return self.render(version_id)


class ConsensusVersionSignOffApi(_VersionApi):
    permission_classes = [allowed_to(A.SIGN_OFF_STRATEGIC, A.SIGN_OFF_FRONTLINE)]

    @extend_schema(request=s.SignOffInput, responses=s.VersionDetailOutput,
                   summary="Give the strategic (manager) or frontline (safeguarding lead) sign-off")
    def post(self, request, version_id: int):
        data = validated(s.SignOffInput, request.data)
        services.consensus_version_sign_off(version=self.version(version_id), kind=data["kind"],
                                            actor_membership=request.membership)
        return self.render(version_id)


class ConsensusVersionPublishApi(_VersionApi):
    permission_classes = [allowed_to(A.PUBLISH)]

    @extend_schema(request=None, responses=s.VersionDetailOutput,
                   summary="Publish a signed-off version; the one in force is superseded")
    def post(self, request, version_id: int):
        services.consensus_version_publish(version=self.version(version_id), actor_membership=request.membership)
        return self.render(version_id)


class ConsensusVersionCompareApi(_VersionApi):
    permission_classes = [allowed_to(A.VIEW_PUBLISHED)]

    @extend_schema(responses=s.ComparisonOutput, summary="What this version changes from the one it was based on")
    def get(self, request, version_id: int):
        version = self.version(version_id)
        comparison = selectors.consensus_version_compare(version.based_on, version)
        return Response(s.ComparisonOutput(comparison.as_dict()).data)
