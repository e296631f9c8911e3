"""The demo: two fictional authorities with one person in every role, for trying Threshold out.

Everything here is invented. Demo accounts are flagged ``is_demo`` and are refused at sign-in and by the API
whenever DEBUG is off, so a demo database copied to a server cannot be used to get in.
"""

import hashlib
from base64 import b32encode
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services
from accounts.models import Authority, Membership, Team, User
from accounts.roles import Role
from core.exceptions import DomainError
from core.tenancy import scopes_disabled

DEMO_PASSWORD = "demo-password-not-secret"  # noqa: S105 - printed on purpose; refused with DEBUG off

AUTHORITIES = [
    {"name": "Northmoor Borough Council", "code": "NMR", "region": "north_west", "prevent_priority_area": True,
     "teams": ["Children's front door", "Adult safeguarding", "Prevent and Channel"]},
    {"name": "Eastvale District Council", "code": "EVL", "region": "east", "prevent_priority_area": False,
     "teams": ["Multi-agency safeguarding hub", "Early help"]},
]

# (username, first name, last name, role, team index) per authority code. Names are invented.
PEOPLE = {
    "NMR": [
        ("nmr.practitioner", "Priya", "Demo-Shah", Role.PRACTITIONER, 0),
        ("nmr.lead", "Liam", "Demo-Okafor", Role.SAFEGUARDING_LEAD, 2),
        ("nmr.manager", "Morag", "Demo-Fraser", Role.MANAGER, 2),
        ("nmr.admin", "Aled", "Demo-Hughes", Role.AUTHORITY_ADMIN, None),
        ("nmr.dpo", "Dana", "Demo-Kowalski", Role.DPO, None),
    ],
    "EVL": [
        ("evl.practitioner", "Ellis", "Demo-Bennett", Role.PRACTITIONER, 1),
        ("evl.lead", "Farah", "Demo-Rahman", Role.SAFEGUARDING_LEAD, 0),
        ("evl.manager", "Gareth", "Demo-Price", Role.MANAGER, 0),
        ("evl.admin", "Hana", "Demo-Sato", Role.AUTHORITY_ADMIN, None),
        ("evl.dpo", "Ines", "Demo-Silva", Role.DPO, None),
    ],
}
# One person with a role in both authorities, to show the authority switcher.
SHARED = ("shared.lead", "Sam", "Demo-Taylor", {"NMR": (Role.SAFEGUARDING_LEAD, 0), "EVL": (Role.MANAGER, 0)})


@dataclass(frozen=True)
class DemoLogin:
    username: str
    roles: str
    totp_secret: str


def demo_totp_key(username: str) -> str:
    """A fixed authenticator key per demo account, so re-running seed_demo prints the same secrets."""
    return hashlib.sha1(f"threshold-demo:{username}".encode(), usedforsecurity=False).hexdigest()


def totp_secret_base32(hex_key: str) -> str:
    return b32encode(bytes.fromhex(hex_key)).decode().rstrip("=")


def _authority(spec) -> Authority:
    authority = Authority.objects.filter(code=spec["code"]).first()
    if authority is None:
        authority = services.authority_create(name=spec["name"], code=spec["code"], region=spec["region"],
                                              prevent_priority_area=spec["prevent_priority_area"])
    teams = []
    for name in spec["teams"]:
        team = Team.objects.filter(authority=authority, name=name).first()
        teams.append(team or services.team_create(authority=authority, name=name, actor_membership=None))
    return authority, teams


def _person(username, first, last, authority, role, team) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        membership = services.user_create(
            username=username, first_name=first, last_name=last, email=f"{username}@example.invalid",
            password=DEMO_PASSWORD, authority=authority, role=role, team=team, actor_membership=None,
            is_demo=True,
        )
        user = membership.user
    elif not Membership.objects.filter(user=user, authority=authority).exists():
        services.membership_create(user=user, authority=authority, role=role, team=team, actor_membership=None)
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        TOTPDevice.objects.create(user=user, name="Demo authenticator", key=demo_totp_key(username), confirmed=True)
    return user


@transaction.atomic
def seed_demo() -> list[DemoLogin]:
    if not settings.DEMO_ACCOUNTS_ALLOWED:
        raise DomainError("Demo data can only be loaded with DJANGO_DEBUG=true.")
    logins = []
    with scopes_disabled():
        made = {spec["code"]: _authority(spec) for spec in AUTHORITIES}
        for code, people in PEOPLE.items():
            authority, teams = made[code]
            for username, first, last, role, team_index in people:
                team = teams[team_index] if team_index is not None else None
                _person(username, first, last, authority, role, team)
                logins.append(DemoLogin(username, f"{Role(role).label}, {authority.name}",
                                        totp_secret_base32(demo_totp_key(username))))
        username, first, last, roles = SHARED
        for code, (role, team_index) in roles.items():
            authority, teams = made[code]
            _person(username, first, last, authority, role, teams[team_index])
        logins.append(DemoLogin(username, "; ".join(f"{Role(r).label}, {made[c][0].name}" for c, (r, _) in
                                                    roles.items()), totp_secret_base32(demo_totp_key(username))))
    return logins
