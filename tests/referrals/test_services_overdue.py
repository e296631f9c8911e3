"""Overdue decisions: referral_overdue_notify_due and its tasks."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone
from django_scopes import scopes_disabled

from core.tenancy import authority_scope
from referrals.models import OverdueNotice
from referrals.services import referral_overdue_notify_due
from referrals.tasks import referral_overdue_notify_all
from tests.referrals.conftest import submitted

pytestmark = pytest.mark.django_db


def test_each_overdue_referral_is_notified_once_to_the_responsible_leads(
        agreement, practitioner, lead, children_lead, audit_rows, django_capture_on_commit_callbacks):
    late = submitted(practitioner, at=timezone.now() - dt.timedelta(days=10))
    decided_late = submitted(practitioner, at=timezone.now() - dt.timedelta(days=10))
    from referrals.services import referral_decide
    with authority_scope(lead.authority_id):
        referral_decide(referral=decided_late, actor_membership=lead, pathway_code="early_help",
                        rationale="Early help is the right response here.")
    submitted(practitioner)  # not yet due
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with authority_scope(practitioner.authority_id):
            assert referral_overdue_notify_due(authority_id=practitioner.authority_id) == 1
            assert referral_overdue_notify_due(authority_id=practitioner.authority_id) == 0

    assert len(callbacks) == 1
    [message] = mail.outbox
    assert message.to == [children_lead.user.email]
    assert message.subject == f"Decision overdue on referral {late.reference}"
    assert "Calloway" not in message.body
    with scopes_disabled():
        notice = OverdueNotice.objects.get()
    assert notice.referral_id == late.pk and list(notice.recipients.all()) == [children_lead.user]
    assert audit_rows()[-1] == ("referrals.referral.overdue_notified", None)


def test_with_nobody_in_the_routed_team_every_lead_is_told(agreement, practitioner, lead,
                                                           django_capture_on_commit_callbacks):
    submitted(practitioner, at=timezone.now() - dt.timedelta(days=10))
    with django_capture_on_commit_callbacks(execute=True), authority_scope(practitioner.authority_id):
        referral_overdue_notify_due(authority_id=practitioner.authority_id)
    assert [message.to for message in mail.outbox if "overdue" in message.subject] == [[lead.user.email]]


def test_the_beat_task_sweeps_every_authority_in_its_own_scope(agreement, away_agreement, practitioner, outsider):
    submitted(practitioner, at=timezone.now() - dt.timedelta(days=10))
    submitted(outsider, at=timezone.now() - dt.timedelta(days=10))
    assert referral_overdue_notify_all() >= 2
    with scopes_disabled():
        assert OverdueNotice.objects.count() == 2


def test_the_beat_schedule_runs_the_sweep():
    from django.conf import settings

    entries = [entry for entry in settings.CELERY_BEAT_SCHEDULE.values()
               if entry["task"] == "referrals.overdue_notify_all"]
    assert len(entries) == 1
