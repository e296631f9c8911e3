"""Thin Celery wrappers around referral services. Callers import them with a ``_task`` suffix."""

from smtplib import SMTPException

from celery import shared_task

from core.tasks import AuthorityTask

EMAIL_RETRIES = 5


@shared_task(base=AuthorityTask, bind=True, name="referrals.email_send", max_retries=EMAIL_RETRIES)
def referral_email_send(self, *, authority_id: int, referral_id: int, template: str, user_ids: list[int]) -> int:
    """Send one referral e-mail; retried with back-off, and audited as failed after the last try."""
    from referrals.services import referral_email_failed, referral_email_send

    try:
        return referral_email_send(referral_id=referral_id, template=template, user_ids=user_ids)
    except (SMTPException, OSError) as error:
        if self.request.retries >= EMAIL_RETRIES:
            referral_email_failed(referral_id=referral_id, template=template, error=repr(error))
            return 0
        raise self.retry(exc=error, countdown=60 * 2 ** self.request.retries) from error


@shared_task(base=AuthorityTask, name="referrals.overdue_notify_due")
def referral_overdue_notify_due(*, authority_id: int) -> int:
    from referrals.services import referral_overdue_notify_due

    return referral_overdue_notify_due(authority_id=authority_id)


@shared_task(name="referrals.overdue_notify_all")
def referral_overdue_notify_all() -> int:
    """Beat entry point: queue one overdue sweep per authority."""
    from accounts.models import Authority

    authority_ids = list(Authority.objects.order_by("pk").values_list("pk", flat=True))
    for authority_id in authority_ids:
        referral_overdue_notify_due.delay(authority_id=authority_id)
    return len(authority_ids)
