from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import get_object_or_404
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from audit import selectors, services
from core.access import capability_required

READ_ALL = "audit.read_all"


class AuditEventOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    sequence = serializers.IntegerField()
    occurred_at = serializers.DateTimeField()
    actor_label = serializers.CharField()
    action = serializers.CharField()
    target_type = serializers.CharField()
    target_id = serializers.CharField()
    target_label = serializers.CharField()
    data = serializers.JSONField()
    request_id = serializers.CharField()
    prev_hash = serializers.CharField()
    hash = serializers.CharField()


class AuditEventFilterSerializer(serializers.Serializer):
    action = serializers.CharField(required=False, max_length=100)
    target_type = serializers.CharField(required=False, max_length=100)
    target_id = serializers.CharField(required=False, max_length=64)


class AuditEventListApi(APIView):
    permission_classes = [capability_required(READ_ALL)]

    @extend_schema(parameters=[AuditEventFilterSerializer], responses=AuditEventOutputSerializer(many=True))
    def get(self, request):
        filters = AuditEventFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        events = selectors.audit_event_list_visible_to(request.membership, **filters.validated_data)
        paginator = LimitOffsetPagination()
        page = paginator.paginate_queryset(events, request, view=self)
        services.audit_trail_record_view(authority_id=request.membership.authority_id, actor=request.user,
                                         filters=filters.validated_data)
        return paginator.get_paginated_response(AuditEventOutputSerializer(page, many=True).data)


class AuditEventDetailApi(APIView):
    permission_classes = [capability_required(READ_ALL)]

    @extend_schema(responses=AuditEventOutputSerializer)
    def get(self, request, event_id: int):
        event = get_object_or_404(selectors.audit_event_list_visible_to(request.membership), pk=event_id)
        services.audit_event_record_view(event=event, actor=request.user)
        return Response(AuditEventOutputSerializer(event).data)
