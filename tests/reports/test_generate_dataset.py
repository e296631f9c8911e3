"""manage.py generate_dataset: refused where real data may live, the same data from the same seed, and data the
rest of Threshold accepts (a real referral submitted afterwards gets the next reference)."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from django_scopes import scopes_disabled

from accounts.models import Authority
from cases.models import Case, Intervention
from referrals.models import Referral
from reports.dataset import generate_dataset
from tests.referrals.conftest import submitted

pytestmark = pytest.mark.django_db


def test_it_is_refused_with_debug_off_unless_the_database_is_a_throwaway(capsys):
    with override_settings(DEBUG=False), pytest.raises(CommandError, match="DJANGO_DEBUG=true"):
        call_command("generate_dataset", authority="CMD", referrals=20)
    call_command("generate_dataset", authority="CMD", referrals=20, throwaway_database=True)
    assert "CMD Bench Borough Council (fictional) (CMD): 20 referrals" in capsys.readouterr().out
    with pytest.raises(CommandError, match="CMD already exists"):
        call_command("generate_dataset", authority="CMD", referrals=20, throwaway_database=True)


def test_the_same_seed_and_moment_give_the_same_data():
    now = timezone.now() - dt.timedelta(hours=1)

    def summary(seed):
        with transaction.atomic():  # made, read, then undone, so the same code can be made again
            generate_dataset(code="DET", referrals=120, seed=seed, now=now)
            with scopes_disabled():
                referrals = Referral.objects.filter(authority__code="DET").order_by("reference")
                made = ([(r.reference, r.status, r.submitted_at, r.pathway and r.pathway.code)
                         for r in referrals.select_related("pathway")],
                        sorted(Case.objects.filter(authority__code="DET").values_list("reference", "status",
                                                                                      "risk_level")))
            transaction.set_rollback(True)
        return made

    first, second, other = summary(5), summary(5), summary(6)
    assert first == second and first != other
    assert len(first[0]) == 120 and first[1]


def test_the_data_is_whole_and_real_work_can_follow_it(lead, practitioner):
    from tests.referrals.conftest import make_member

    made = generate_dataset(code="WHL", referrals=150)
    with scopes_disabled():
        authority = Authority.objects.get(code="WHL")
        referrals = Referral.objects.filter(authority=authority)
        assert referrals.count() == 150
        assert not referrals.filter(status="draft").exists()
        decided = referrals.filter(status="decided")
        assert decided.exists() and all(r.decided_at > r.submitted_at for r in decided)
        assert Case.objects.filter(authority=authority).count() == decided.filter(pathway__opens_case=True).count()
        ended = Intervention.objects.filter(authority=authority, status="ended")
        assert all(i.outcome and i.end_on >= i.start_on for i in ended)
    worker = make_member(authority, "practitioner", "whl.newcomer", made["staff"].teams["children"])
    later = submitted(worker)
    year = timezone.localdate().year
    with scopes_disabled():
        last = max(int(r.split("-")[-1]) for r in Referral.objects.filter(
            authority=authority, reference__contains=f"-{year}-").exclude(pk=later.pk)
            .values_list("reference", flat=True))
    assert later.reference == f"WHL-{year}-{last + 1:06d}"
