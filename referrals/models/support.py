"""Bookkeeping rows: reference counters, API idempotency keys and overdue notices."""

from django.conf import settings
from django.db import models

from core.models import BaseModel
from core.tenancy import authority_scoped_manager


class ReferenceCounter(models.Model):
    """The last number given for one kind of reference, per authority and year. Locked with
    ``select_for_update`` while a number is taken, so concurrent submissions never share a reference."""

    authority = models.ForeignKey("accounts.Authority", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    objects = authority_scoped_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["authority", "kind", "year"], name="referrals_counter_unique")]

    def __str__(self) -> str:
        return f"{self.kind} {self.year}: {self.last_number}"


class IdempotencyKey(BaseModel):
    """An API client's ``Idempotency-Key``: the same key with the same body returns the referral created first."""

    authority = models.ForeignKey("accounts.Authority", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    key = models.CharField(max_length=255)
    request_fingerprint = models.CharField(max_length=64, help_text="SHA-256 of the validated request body.")
    referral = models.ForeignKey("referrals.Referral", null=True, on_delete=models.PROTECT, related_name="+")

    objects = authority_scoped_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["authority", "user", "key"], name="referrals_idempotency_key")]

    def __str__(self) -> str:
        return f"Idempotency key {self.pk}"


class OverdueNotice(BaseModel):
    """Proof that the responsible leads were told a decision is overdue: at most one per referral."""

    authority = models.ForeignKey("accounts.Authority", on_delete=models.PROTECT, related_name="+")
    referral = models.OneToOneField("referrals.Referral", on_delete=models.PROTECT, related_name="overdue_notice")
    due_at = models.DateTimeField()
    notified_at = models.DateTimeField()
    recipients = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")

    objects = authority_scoped_manager()

    def __str__(self) -> str:
        return f"Overdue notice for referral {self.referral_id}"
