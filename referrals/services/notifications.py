"""E-mails about referrals: who gets them, and sending them after the transaction commits.

Subject lines carry the reference and never personal data; bodies say what needs doing and where, not who the
referral is about. Sending is a side effect that can fail: it runs in a task after commit and never undoes the
change that caused it (tasks.py retries, then ``referral_email_failed`` audits the failure).
"""

import logging

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string

from accounts.models import Membership
from accounts.roles import Role
from audit.services import audit_record
from referrals.models import Referral

logger = logging.getLogger(__name__)
TEMPLATES = ("referral_submitted", "referral_overdue")


def routed_recipients(referral: Referral) -> list[int]:
    """The user ids of the people responsible for deciding ``referral``: the routed team's members in the routed
    role, and the assignee. When that finds nobody (no team set in the agreement, an empty team), every active
    safeguarding lead in the authority, so that no referral goes unseen."""
    members = Membership.objects.filter(authority_id=referral.authority_id, is_active=True)
    responsible = members.filter(role=referral.routed_role or Role.SAFEGUARDING_LEAD)
    if referral.routed_team_id:
        responsible = responsible.filter(team_id=referral.routed_team_id)
    user_ids = set(responsible.values_list("user_id", flat=True))
    if referral.assigned_to_id:
        user_ids.add(referral.assigned_to_id)
    if not user_ids:
        user_ids = set(members.filter(role=Role.SAFEGUARDING_LEAD).values_list("user_id", flat=True))
    return sorted(user_ids)


def notify_on_commit(referral: Referral, template: str, user_ids: list[int]) -> None:
    """Queue one e-mail about ``referral`` to ``user_ids`` once the current transaction commits."""
    from referrals.tasks import referral_email_send as referral_email_send_task

    if template not in TEMPLATES:
        raise ValueError(f"Unknown e-mail template {template!r}")
    if not user_ids:
        return
    transaction.on_commit(lambda: referral_email_send_task.delay(
        authority_id=referral.authority_id, referral_id=referral.pk, template=template, user_ids=user_ids))


def referral_email_send(*, referral_id: int, template: str, user_ids: list[int]) -> int:
    """Render and send one e-mail to the users (active members of the referral's authority with an address).
    Returns the number of recipients. Raises what the mail backend raises, for the task to retry."""
    if template not in TEMPLATES:
        raise ValueError(f"Unknown e-mail template {template!r}")
    referral = Referral.objects.select_related("routed_team").get(pk=referral_id)
    members = (Membership.objects.filter(authority_id=referral.authority_id, is_active=True, user_id__in=user_ids)
               .exclude(user__email="").select_related("user"))
    addresses = sorted({member.user.email for member in members})
    if not addresses:
        return 0
    context = {"referral": referral}
    subject = " ".join(render_to_string(f"emails/{template}-subject.txt", context).split())
    body = render_to_string(f"emails/{template}-body.txt", context)
    send_mail(subject, body, None, addresses)
    return len(addresses)


@transaction.atomic
def referral_email_failed(*, referral_id: int, template: str, error: str) -> None:
    """Record that an e-mail could not be sent after every retry (the change it was about stands)."""
    referral = Referral.objects.get(pk=referral_id)
    logger.error("Referral e-mail %s for referral %s failed: %s", template, referral_id, error)
    audit_record(action="referrals.referral.email_failed", actor=None, target=referral,
                 data={"reference": referral.reference, "template": template, "error": error[:300]})
