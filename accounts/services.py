"""Every write to accounts data. Each service checks permission, writes and audits in one transaction."""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import ApiToken, Authority, Membership, Team, User
from accounts.roles import Capability, Role
from audit.services import audit_record
from core.exceptions import DomainError, PermissionDenied

TOKEN_PREFIX = "thr"


def _require(actor_membership: Membership | None, capability: Capability) -> None:
    # actor_membership is None for operators at the command line (seed_demo, createsuperuser workflows).
    if actor_membership is not None and not actor_membership.can(capability):
        raise PermissionDenied("You do not have permission to do that.")


def _actor(actor_membership: Membership | None) -> User | None:
    return actor_membership.user if actor_membership is not None else None


# --- Authorities and teams ----------------------------------------------------------------------------------

@transaction.atomic
def authority_create(*, name: str, code: str, region: str, prevent_priority_area: bool = False,
                     actor: User | None = None) -> Authority:
    authority = Authority(name=name, code=code.upper(), region=region, prevent_priority_area=prevent_priority_area)
    authority.full_clean()
    authority.save()
    audit_record(action="accounts.authority.created", actor=actor, target=authority, authority=authority,
                 data={"new": {"name": name, "code": authority.code, "region": region,
                               "prevent_priority_area": prevent_priority_area}})
    return authority


_AUTHORITY_FIELDS = ("name", "code", "region", "prevent_priority_area")


@transaction.atomic
def authority_update(*, authority: Authority, changes: dict, actor: User | None) -> Authority:
    """Platform staff change an authority's details (Django admin). Old and new values are audited."""
    authority = Authority.objects.select_for_update().get(pk=authority.pk)
    old = {field: getattr(authority, field) for field in _AUTHORITY_FIELDS if field in changes}
    for field, value in changes.items():
        if field not in _AUTHORITY_FIELDS:
            raise DomainError(f"{field} cannot be changed here.", field=field)
        setattr(authority, field, value)
    authority.full_clean()
    new = {field: getattr(authority, field) for field in old}
    if old == new:
        return authority
    authority.save(update_fields=[*old, "updated_at"])
    audit_record(action="accounts.authority.changed", actor=actor, target=authority,
                 data={"old": {k: v for k, v in old.items() if new[k] != v},
                       "new": {k: v for k, v in new.items() if old[k] != v}})
    return authority


@transaction.atomic
def team_create(*, authority: Authority, name: str, actor_membership: Membership | None) -> Team:
    _require(actor_membership, Capability.MANAGE_USERS)
    name = name.strip()
    if not name:
        raise DomainError("Enter a team name.", field="name")
    if Team.objects.with_scopes_disabled().filter(authority=authority, name__iexact=name).exists():
        raise DomainError("There is already a team with this name.", field="name")
    team = Team.objects.create(authority=authority, name=name)
    audit_record(action="accounts.team.created", actor=_actor(actor_membership), target=team,
                 data={"new": {"name": name}})
    return team


# --- People and memberships ---------------------------------------------------------------------------------

@transaction.atomic
def membership_create(*, user: User, authority: Authority, role: str, team: Team | None,
                      actor_membership: Membership | None) -> Membership:
    _require(actor_membership, Capability.MANAGE_USERS)
    if role not in Role.values:
        raise DomainError("Choose a role.", field="role")
    if team is not None and team.authority_id != authority.pk:
        raise DomainError("Choose a team in this authority.", field="team")
    if Membership.objects.with_scopes_disabled().filter(user=user, authority=authority).exists():
        raise DomainError("This person already has access to this authority.", field="username")
    membership = Membership.objects.create(user=user, authority=authority, role=role, team=team)
    audit_record(action="accounts.membership.created", actor=_actor(actor_membership), target=membership,
                 target_label=user.username,
                 data={"new": {"user": user.username, "role": role, "team": team.name if team else None}})
    return membership


@transaction.atomic
def membership_update(*, membership: Membership, role: str, team: Team | None, is_active: bool,
                      actor_membership: Membership | None) -> Membership:
    """Change someone's role, team or access. Each change is its own audit row with old and new values."""
    _require(actor_membership, Capability.MANAGE_USERS)
    if role not in Role.values:
        raise DomainError("Choose a role.", field="role")
    if team is not None and team.authority_id != membership.authority_id:
        raise DomainError("Choose a team in this authority.", field="team")
    if actor_membership is not None and actor_membership.pk == membership.pk and (
        role != membership.role or not is_active
    ):
        raise DomainError("You cannot change your own role or remove your own access.", field="role")
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    changes = []
    if role != membership.role:
        changes.append(("accounts.membership.role_changed", "role", membership.role, role))
    if (team.pk if team else None) != membership.team_id:
        changes.append(("accounts.membership.team_changed", "team",
                        membership.team.name if membership.team else None, team.name if team else None))
    if is_active != membership.is_active:
        action = "accounts.membership.reactivated" if is_active else "accounts.membership.deactivated"
        changes.append((action, "is_active", membership.is_active, is_active))
    if not changes:
        return membership
    membership.role, membership.team, membership.is_active = role, team, is_active
    membership.save(update_fields=["role", "team", "is_active", "updated_at"])
    for action, key, old, new in changes:
        audit_record(action=action, actor=_actor(actor_membership), target=membership,
                     target_label=membership.user.username, data={"old": {key: old}, "new": {key: new}})
    if not is_active:
        ApiToken.objects.filter(membership=membership, revoked_at__isnull=True).update(revoked_at=timezone.now())
    return membership


@transaction.atomic
def user_create(*, username: str, first_name: str, last_name: str, email: str, password: str | None,
                authority: Authority, role: str, team: Team | None,
                actor_membership: Membership | None, is_demo: bool = False) -> Membership:
    """Add a person to an authority. They choose no password here; the admin gives them a temporary one
    and they set up their authenticator app on first sign-in."""
    _require(actor_membership, Capability.MANAGE_USERS)
    if is_demo and not settings.DEMO_ACCOUNTS_ALLOWED:
        raise DomainError("Demo accounts can only be created with DEBUG on.")
    username = username.strip().lower()
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError("That username is taken.", field="username")
    user = User(username=username, first_name=first_name, last_name=last_name, email=email, is_demo=is_demo)
    user.set_password(password) if password else user.set_unusable_password()
    user.save()
    audit_record(action="accounts.user.created", actor=_actor(actor_membership), target=user,
                 authority=authority, target_label=username, data={"new": {"username": username}})
    return membership_create(user=user, authority=authority, role=role, team=team,
                             actor_membership=actor_membership)


# --- Sessions -----------------------------------------------------------------------------------------------

def session_signed_in(*, user: User, membership: Membership | None) -> None:
    audit_record(action="accounts.session.signed_in", actor=user, target=user, target_label=user.username,
                 authority=membership.authority_id if membership else None)


def session_signed_out(*, user: User, membership: Membership | None) -> None:
    audit_record(action="accounts.session.signed_out", actor=user, target=user, target_label=user.username,
                 authority=membership.authority_id if membership else None)


def session_sign_in_failed(*, username: str, stage: str, user: User | None = None) -> None:
    audit_record(action="accounts.session.sign_in_failed", actor=user,
                 data={"username": username[:150], "stage": stage})


def session_locked_out(*, username: str) -> None:
    audit_record(action="accounts.session.locked_out", data={"username": username[:150]})


def session_authority_switched(*, user: User, membership: Membership) -> None:
    audit_record(action="accounts.authority.switched", actor=user, target=membership.authority,
                 authority=membership.authority_id)


def totp_enrolled(*, user: User, device) -> None:
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit_record(action="accounts.totp.enrolled", actor=user, target=user, target_label=user.username)


# --- API tokens ---------------------------------------------------------------------------------------------

def hash_token_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@transaction.atomic
def api_token_create(*, membership: Membership, name: str, days: int, actor: User | None,
                     mfa_verified: bool) -> tuple[ApiToken, str]:
    """Create a token for ``membership``. Returns the token and its secret, which is never stored.

    From the browser the session must be MFA-verified; operators (``create_api_token``) pass actor=None.
    """
    if actor is not None and not mfa_verified:
        raise PermissionDenied("Sign in with your authenticator code before creating a token.")
    if actor is not None and actor.pk != membership.user_id:
        raise PermissionDenied("You can only create tokens for yourself.")
    if not membership.is_active:
        raise DomainError("This access has been removed.")
    name = name.strip()
    if not name:
        raise DomainError("Enter a name so you can recognise this token later.", field="name")
    if not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
        raise DomainError(f"Choose between 1 and {settings.API_TOKEN_MAX_DAYS} days.", field="days")
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    full = f"{TOKEN_PREFIX}_{prefix}_{secret}"
    token = ApiToken.objects.create(
        user=membership.user, membership=membership, name=name[:100], prefix=prefix,
        token_hash=hash_token_secret(full), expires_at=timezone.now() + timedelta(days=days),
    )
    audit_record(action="accounts.token.created", actor=actor, target=token, authority=membership.authority_id,
                 target_label=f"{token.name} ({prefix})",
                 data={"user": membership.user.username, "expires_at": token.expires_at.isoformat()})
    return token, full


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: User) -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.user_id != actor.pk:
        raise PermissionDenied("You can only revoke your own tokens.")
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at", "updated_at"])
    audit_record(action="accounts.token.revoked", actor=actor, target=token,
                 authority=token.membership.authority_id, target_label=f"{token.name} ({token.prefix})")
    return token


def api_token_mark_used(*, token: ApiToken) -> None:
    """Bookkeeping, not a change of state: at most one write a minute per token, not audited."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)


def token_matches(token: ApiToken, full: str) -> bool:
    return hmac.compare_digest(token.token_hash, hash_token_secret(full))
