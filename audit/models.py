from django.conf import settings
from django.db import models

from core.tenancy import authority_scoped_manager

AUTHORITY_MODEL = getattr(settings, "AUDIT_AUTHORITY_MODEL", "accounts.Authority")
PLATFORM_CHAIN = "platform"


class AppendOnlyError(Exception):
    pass


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit events cannot be changed")

    def delete(self):
        raise AppendOnlyError("Audit events cannot be deleted")


class AuditEvent(models.Model):
    """One thing that happened. Written only by ``audit.services.audit_record``; never changed or deleted.

    Events form one hash chain per authority (``chain``), plus a platform chain for events that belong to no
    authority (a failed sign-in for an unknown name). ``hash`` covers every field and the previous event's hash.
    """

    chain = models.CharField(max_length=40)
    sequence = models.PositiveBigIntegerField()
    occurred_at = models.DateTimeField()
    authority = models.ForeignKey(
        AUTHORITY_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=300)
    action = models.CharField(max_length=100)
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(max_length=300, blank=True)
    data = models.JSONField(default=dict, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = authority_scoped_manager(AuditEventQuerySet.as_manager().__class__)

    class Meta:
        ordering = ["chain", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "sequence"], name="audit_event_chain_sequence_unique"),
        ]
        indexes = [
            models.Index(fields=["authority", "-occurred_at"], name="audit_event_authority_time"),
            models.Index(fields=["target_type", "target_id"], name="audit_event_target"),
        ]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action} by {self.actor_label}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit events cannot be deleted")


class AuditChainHead(models.Model):
    """The last event of each chain. Locked while an event is appended, so sequences never collide, and
    compared by the verifier so that deleting the newest events is detected too."""

    chain = models.CharField(max_length=40, primary_key=True)
    sequence = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"{self.chain} @ {self.sequence}"
