"""The demo referrals seed_demo adds: every state in both demo authorities, only invented people, a realistic
spread, a sound audit trail, and nothing more on a second run."""

import datetime as dt
import random
from collections import Counter

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_scopes import scopes_disabled

from audit.models import AuditEvent
from cases.models import Case
from consensus.starter import PATHWAYS
from referrals import demo
from referrals.matching import is_valid_uk_postcode
from referrals.models import DuplicateMatch, Referral, ReferralTransition

pytestmark = pytest.mark.django_db
STATES = {"draft": 7, "submitted": 10, "screening": 12, "decided": 111, "withdrawn": 10}
AREAS = {"NMR": "NM", "EVL": "EV"}


def _rows() -> tuple[int, ...]:
    with scopes_disabled():
        return tuple(model.objects.count() for model in (Referral, ReferralTransition, Case, AuditEvent))


def _check_authority(code: str, now: dt.datetime) -> None:
    referrals = list(Referral.objects.filter(authority__code=code).select_related("subject", "pathway")
                     .prefetch_related("concern_types"))
    assert Counter(referral.status for referral in referrals) == STATES

    submitted = [referral for referral in referrals if referral.submitted_at]
    assert min(referral.submitted_at for referral in submitted) < now - dt.timedelta(days=365)
    assert max(referral.submitted_at for referral in submitted) > now - dt.timedelta(hours=1)
    decided = [referral for referral in referrals if referral.status == "decided"]
    assert len({referral.pathway.code for referral in decided}) >= 6
    opening = [referral for referral in decided if referral.pathway.opens_case]
    assert len(opening) >= 20 and Case.objects.filter(referral__in=opening).count() == len(opening)
    overdue = [referral.is_overdue(now) for referral in referrals]
    assert 5 <= sum(overdue) < STATES["submitted"] + STATES["screening"]
    assert 2 <= sum(referral.immediate_risk for referral in referrals) <= 10
    assert len({referral.source_code for referral in submitted}) >= 10
    assert len({referral.referrer_sector for referral in submitted}) >= 7
    assert len({concern.code for referral in submitted for concern in referral.concern_types.all()}) >= 7
    assert {referral.subject_group for referral in submitted} == {"child", "adult"}
    assert ReferralTransition.objects.filter(referral__in=submitted, to_status="submitted").count() == len(submitted)
    repeats = DuplicateMatch.objects.filter(referral__in=submitted, likely_same_person=True)
    assert repeats.values("referral").distinct().count() >= 5

    for referral in referrals:
        subject = referral.subject
        assert subject.first_name in demo.DEMO_FIRST_NAMES and subject.last_name in demo.DEMO_LAST_NAMES
        assert all(alias.split()[-1] in demo.DEMO_LAST_NAMES for alias in subject.aliases)
        assert not subject.address or " Example " in subject.address
        assert not subject.postcode or (is_valid_uk_postcode(subject.postcode)
                                        and subject.postcode.startswith(AREAS[code]))
    for referral in submitted:
        first, last = referral.referrer_name.split()
        assert first in demo.DEMO_FIRST_NAMES and last in demo.DEMO_LAST_NAMES
        assert referral.referrer_phone.startswith("01632 960")
        assert not referral.referrer_email or referral.referrer_email.endswith(".example")


def test_seed_demo_adds_the_demo_referrals_once(settings, capsys, mailoutbox):
    settings.DEMO_ACCOUNTS_ALLOWED = True
    call_command("seed_demo")
    first_output = capsys.readouterr().out
    assert mailoutbox == []  # backdated history is no news to anyone: no e-mail per submission

    now = timezone.now()
    with scopes_disabled():
        for code in AREAS:
            _check_authority(code, now)
    for name in ("Northmoor Borough Council", "Eastvale District Council"):
        assert f"{name}: 150 referrals (7 draft, 10 submitted, 12 screening, 111 decided, 10 withdrawn)" in (
            first_output)

    call_command("verify_audit")
    assert capsys.readouterr().out.count(": intact (") == 2

    before = _rows()
    call_command("seed_demo")
    assert _rows() == before
    assert capsys.readouterr().out == first_output


def test_the_same_seed_gives_the_same_referrals_whenever_the_demo_is_loaded():
    now = timezone.now()
    pathways = {code for code, *_ in PATHWAYS}

    def plans(moment):
        return demo._plans(random.Random("same seed"), "NMR", pathways, moment)  # noqa: S311

    def content(moment):  # everything but the dates, which move with the moment
        return [(plan.outcome, plan.person.first, plan.person.last, plan.author, plan.screener,
                 {key: value for key, value in plan.data.items() if key != "date_of_birth"},
                 [step[1:] for step in plan.steps]) for plan in plans(moment)]

    first = plans(now)
    assert first == plans(now) and len(first) == demo.PER_AUTHORITY
    assert content(now - dt.timedelta(days=3, hours=7)) == content(now)
    assert [plan.submitted_at for plan in first] == sorted(plan.submitted_at for plan in first)
    assert all(plan.submitted_at < now for plan in first)
    assert all(plan.submitted_at < at < now for plan in first for at, _, _ in plan.steps)
    assert {plan.person.first for plan in first} <= demo.DEMO_FIRST_NAMES
