from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from accounts.selectors import memberships_for_user
from accounts.services import api_token_create
from core.exceptions import DomainError


class Command(BaseCommand):
    help = "Create a personal API token for USERNAME (operators). The token is printed once and stored hashed."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--authority", metavar="CODE", help="authority the token acts in (if more than one)")
        parser.add_argument("--days", type=int, default=30, help="days until it expires (default 30)")
        parser.add_argument("--name", default="Created by an operator", help="a name to recognise it by")

    def handle(self, *args, username, authority=None, days=30, name="", **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user called {username!r}")
        memberships = memberships_for_user(user)
        if authority:
            memberships = [m for m in memberships if m.authority.code.lower() == authority.lower()]
        if not memberships:
            raise CommandError("That user has no access to that authority." if authority
                               else "That user has no access to any authority.")
        if len(memberships) > 1:
            codes = ", ".join(m.authority.code for m in memberships)
            raise CommandError(f"{username} belongs to several authorities ({codes}): choose one with --authority")
        try:
            token, secret = api_token_create(membership=memberships[0], name=name, days=days, actor=None,
                                             mfa_verified=False)
        except DomainError as error:
            raise CommandError(error.message) from None
        self.stdout.write(secret)
        self.stderr.write(f"Expires {token.expires_at:%Y-%m-%d %H:%M %Z}. It will not be shown again.")
