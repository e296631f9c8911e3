from django.urls import reverse
from rest_framework import serializers

from exports.models import ExportKind


class ExportRequestInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ExportKind.choices)
    target_id = serializers.CharField(required=False, allow_blank=True, max_length=64,
                                      help_text="The case (case_summary_pdf) or the person (subject_access).")
    params = serializers.DictField(required=False, default=dict,
                                   help_text='Audit trail exports: {"from": "2026-04-01", "to": "2026-06-30"} for '
                                             'a period, or {"target_type": "cases.case", "target_id": "42"} for '
                                             "one record.")


class ExportJobOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    progress = serializers.IntegerField()
    requested_at = serializers.DateTimeField(source="created_at")
    finished_at = serializers.DateTimeField(allow_null=True)
    expires_at = serializers.DateTimeField(allow_null=True)
    file_name = serializers.CharField()
    file_size = serializers.IntegerField(allow_null=True)
    checksum = serializers.CharField(help_text="SHA-256 of the file, once it is ready.")
    params = serializers.DictField()
    download = serializers.SerializerMethodField()

    def get_download(self, job) -> str | None:
        if job.status != "done":
            return None
        return self.context["request"].build_absolute_uri(reverse("api:export-download", args=[job.public_id]))
