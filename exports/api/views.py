"""The exports API: ask for an export (202 and the job), follow it, download the file. Jobs are named by their
random public id. Someone else's job, or another authority's, is a 404; an expired download is a 410."""

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from core.access import IsAuthorityMember
from exports import selectors, services
from exports.api import serializers as s
from exports.models import ExportJob
from exports.storage import download_name
from referrals.api.serializers import ApiErrorOutput


def _error(description):
    return OpenApiResponse(ApiErrorOutput, description=description)


def _job(request, public_id) -> ExportJob:
    job = selectors.export_job_for(request.membership, public_id)
    if job is None:
        raise NotFound("No such export, or not one of yours.")
    return job


class ExportListApi(APIView):
    permission_classes = [IsAuthorityMember]

    @extend_schema(operation_id="exports_list", summary="Your exports, newest first",
                   responses={200: s.ExportJobOutput(many=True), 401: _error("Not signed in.")})
    def get(self, request):
        queryset = selectors.export_jobs_for(request.membership)
        paginator = LimitOffsetPagination()
        page = paginator.paginate_queryset(queryset, request, view=self)
        return paginator.get_paginated_response(s.ExportJobOutput(page, many=True, context={"request": request}).data)

    @extend_schema(operation_id="exports_create", summary="Ask for an export",
                   description="The job is queued when the request commits; follow it at `exports/{id}/`.",
                   request=s.ExportRequestInput,
                   responses={202: s.ExportJobOutput, 400: _error("Invalid input: `errors` names the fields."),
                              401: _error("Not signed in."), 403: _error("Your role does not allow this export."),
                              404: _error("No such case or person, or not one you may see.")})
    def post(self, request):
        serializer = s.ExportRequestInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        job = services.export_request(kind=data["kind"], actor_membership=request.membership,
                                      target_id=data.get("target_id") or None, params=data["params"])
        output = s.ExportJobOutput(job, context={"request": request}).data
        location = request.build_absolute_uri(f"{job.public_id}/")
        return Response(output, status=status.HTTP_202_ACCEPTED, headers={"Location": location})


class ExportDetailApi(APIView):
    permission_classes = [IsAuthorityMember]

    @extend_schema(operation_id="exports_retrieve", summary="An export's progress",
                   responses={200: s.ExportJobOutput, 401: _error("Not signed in."),
                              404: _error("No such export, or not one of yours.")})
    def get(self, request, public_id):
        return Response(s.ExportJobOutput(_job(request, public_id), context={"request": request}).data)


class ExportDownloadApi(APIView):
    permission_classes = [IsAuthorityMember]

    @extend_schema(operation_id="exports_download", summary="Download a finished export (recorded in the audit "
                   "trail)", responses={(200, "application/pdf"): OpenApiTypes.BINARY,
                                        (200, "text/csv"): OpenApiTypes.BINARY,
                                        401: _error("Not signed in."),
                                        404: _error("No such export, or not one of yours."),
                                        409: _error("Not ready yet."), 410: _error("Expired.")})
    def get(self, request, public_id):
        job = _job(request, public_id)
        try:
            path = services.export_download(job=job, actor_membership=request.membership)
        except ExportJob.DoesNotExist:
            raise NotFound("No such export, or not one of yours.") from None
        response = FileResponse(path.open("rb"), as_attachment=True, filename=download_name(job))
        response["Cache-Control"] = "no-store"
        return response
