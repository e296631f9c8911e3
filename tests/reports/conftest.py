"""Fixtures for the dashboard: generated authorities (reports.dataset, fictional) with people who can sign in, and
a plain-Python reading of their raw rows to check the figures against."""

from dataclasses import dataclass

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from accounts.roles import Role
from reports.dataset import generate_dataset
from tests.factories import TOTPDeviceFactory
from tests.referrals.conftest import make_member

SMALL = 160
LARGER = 420


@dataclass
class Generated:
    authority: object
    lead: object
    manager: object
    practitioner: object
    admin: object
    dpo: object
    teams: dict
    now: object


def generated(code: str, referrals: int, *, seed: int = 7) -> Generated:
    now = timezone.now()
    with scopes_disabled():
        made = generate_dataset(code=code, referrals=referrals, seed=seed, now=now)
        staff = made["staff"]
        people = [staff.leads["children"], staff.manager, staff.practitioners["children"][0], staff.admin]
        for membership in people:
            TOTPDeviceFactory(user=membership.user)
    dpo = make_member(made["authority"], Role.DPO, f"{code.lower()}.dpo")
    return Generated(made["authority"], *people, dpo, staff.teams, now)


@pytest.fixture
def gen(db):
    """A generated authority (GEN) of SMALL referrals, and another (OTH2) whose records must never be counted."""
    data = generated("GEN", SMALL)
    generated("OTH2", 60, seed=11)
    return data
