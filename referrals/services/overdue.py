"""Overdue decisions: tell the responsible people once per referral, and keep the record that they were told."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from audit.services import audit_record
from referrals.models import OPEN_STATUSES, OverdueNotice, Referral
from referrals.services.notifications import notify_on_commit, routed_recipients

BATCH_LIMIT = 500


@transaction.atomic
def _notify(referral_id: int, now: datetime) -> bool:
    referral = Referral.objects.select_for_update(skip_locked=True).filter(
        pk=referral_id, status__in=OPEN_STATUSES, decision_due_at__lt=now).first()
    if referral is None or OverdueNotice.objects.filter(referral_id=referral_id).exists():
        return False  # decided, withdrawn or being changed right now, or already notified
    user_ids = routed_recipients(referral)
    notice = OverdueNotice.objects.create(authority_id=referral.authority_id, referral=referral,
                                          due_at=referral.decision_due_at, notified_at=now)
    notice.recipients.set(user_ids)
    audit_record(action="referrals.referral.overdue_notified", actor=None, target=referral,
                 data={"reference": referral.reference, "decision_due_at": referral.decision_due_at,
                       "recipient_ids": user_ids})
    notify_on_commit(referral, "referral_overdue", user_ids)
    return True


def referral_overdue_notify_due(*, authority_id: int, now: datetime | None = None) -> int:
    """Find the authority's submitted and screening referrals whose decision is past due and not yet notified;
    for each, in its own transaction, record an OverdueNotice, audit it, and e-mail the responsible team's
    leads (and the assignee) after commit. Running it again notifies nobody twice. Returns how many were new."""
    now = now or timezone.now()
    due = (Referral.objects.filter(authority_id=authority_id, status__in=OPEN_STATUSES, decision_due_at__lt=now,
                                   overdue_notice__isnull=True)
           .order_by("decision_due_at").values_list("pk", flat=True)[:BATCH_LIMIT])
    return sum(_notify(referral_id, now) for referral_id in list(due))
