"""Reads of accounts data, starting from who is asking."""

import re
from dataclasses import dataclass

from django.conf import settings

from accounts.models import ApiToken, Membership, Team, User
from core.tenancy import scopes_disabled


def memberships_for_user(user: User) -> list[Membership]:
    """Every active membership of ``user``, across authorities: this is how a scope is chosen, so it is the one
    read that deliberately runs unscoped."""
    with scopes_disabled():
        return list(
            Membership.objects.filter(user=user, is_active=True)
            .select_related("authority", "team", "user")
            .order_by("authority__name")
        )


def membership_for_session(memberships: list[Membership], authority_id: int | None) -> Membership | None:
    """The membership to act in: the authority chosen in this session, else the first."""
    for membership in memberships:
        if membership.authority_id == authority_id:
            return membership
    return memberships[0] if memberships else None


def membership_list_visible_to(membership: Membership):
    return Membership.objects.select_related("user", "team").order_by("user__last_name", "user__username")


def team_list(membership: Membership):
    return Team.objects.order_by("name")


def api_token_list_for_user(user: User):
    return ApiToken.objects.filter(user=user).select_related("membership__authority").order_by("-created_at")


_TOKEN_SHAPE = re.compile(r"^(?P<kind>[a-z]+)_(?P<prefix>[0-9a-f]{12})_(?P<secret>[A-Za-z0-9_-]{20,100})$")


@dataclass(frozen=True)
class TokenAuthResult:
    user: User | None = None
    membership: Membership | None = None
    token: ApiToken | None = None
    error: str = ""


def token_authenticate(header: str) -> TokenAuthResult:
    """Resolve an ``Authorization`` header. Never raises: a bad header gives a result with an error message."""
    from accounts.services import TOKEN_PREFIX, token_matches

    scheme, _, value = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return TokenAuthResult(error="Send the token as 'Authorization: Bearer <token>'.")
    value = value.strip()
    match = _TOKEN_SHAPE.match(value)
    if match is None or match["kind"] != TOKEN_PREFIX:
        return TokenAuthResult(error="That is not a Threshold API token.")
    prefix = match["prefix"]
    with scopes_disabled():
        token = ApiToken.objects.select_related("user", "membership__authority").filter(prefix=prefix).first()
    if token is None or not token_matches(token, value):
        return TokenAuthResult(error="Invalid token.")
    if token.revoked_at is not None:
        return TokenAuthResult(error="This token has been revoked.")
    if not token.is_usable():
        return TokenAuthResult(error="This token has expired.")
    user = token.user
    if not user.is_active or not token.membership.is_active:
        return TokenAuthResult(error="This account no longer has access.")
    if user.is_demo and not settings.DEMO_ACCOUNTS_ALLOWED:
        return TokenAuthResult(error="Demo accounts are disabled on this server.")
    return TokenAuthResult(user=user, membership=token.membership, token=token)
