"""Export jobs: a PDF or CSV a Celery worker produces for one person to download, for a limited time."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.models import BaseModel
from core.tenancy import authority_scoped_manager


class ExportKind(models.TextChoices):
    CASE_SUMMARY_PDF = "case_summary_pdf", "Case summary (PDF)"
    AUDIT_TRAIL_PDF = "audit_trail_pdf", "Audit trail (PDF)"
    AUDIT_TRAIL_CSV = "audit_trail_csv", "Audit trail (CSV)"
    SUBJECT_ACCESS = "subject_access", "Subject access pack (PDF)"


class ExportStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Being prepared"
    DONE = "done", "Ready to download"
    FAILED = "failed", "Failed"
    EXPIRED = "expired", "Expired"


FINISHED_STATUSES = (ExportStatus.DONE, ExportStatus.FAILED, ExportStatus.EXPIRED)


class ExportJob(BaseModel):
    """One export. Written in the transaction of the request, run by a worker (idempotent by ``id``), downloaded
    by the person who asked (or a DPO for a subject access pack) until ``expires_at``, then purged.

    ``public_id`` is what URLs and file names carry: never a name, a reference or anything about the person."""

    authority = models.ForeignKey("accounts.Authority", on_delete=models.PROTECT, related_name="+")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=30, choices=ExportKind.choices)
    status = models.CharField(max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    target_type = models.CharField(max_length=40, blank=True, help_text="e.g. cases.case; blank for the authority.")
    target_id = models.CharField(max_length=64, blank=True)
    params = models.JSONField(default=dict, blank=True, help_text="e.g. the period of an audit trail export.")
    attempts = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    file_name = models.CharField(max_length=100, blank=True)
    file_size = models.PositiveBigIntegerField(null=True, blank=True)
    checksum = models.CharField(max_length=64, blank=True, help_text="SHA-256 of the file.")
    failure = models.CharField(max_length=300, blank=True, help_text="What went wrong, with no personal data.")

    objects = authority_scoped_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ExportKind.values), name="exports_job_kind"),
            models.CheckConstraint(condition=Q(status__in=ExportStatus.values), name="exports_job_status"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="exports_job_progress"),
            models.CheckConstraint(
                condition=~Q(status=ExportStatus.DONE) | Q(checksum__gt="", file_name__gt="", expires_at__isnull=False),
                name="exports_job_done_has_file"),
        ]
        indexes = [models.Index(fields=["status", "updated_at"], name="exports_job_sweep_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.public_id}"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_STATUSES
