from django.core.management.base import BaseCommand, CommandError

from accounts.models import Authority, User
from accounts.roles import Role
from accounts.services import membership_create
from core.exceptions import DomainError
from core.tenancy import scopes_disabled


class Command(BaseCommand):
    help = ("Give an existing user a role in an authority (operators), e.g. the first authority administrator. "
            "Audited like a change made on the People page.")

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--authority", metavar="CODE", required=True)
        parser.add_argument("--role", choices=Role.values, default=Role.AUTHORITY_ADMIN)

    def handle(self, *args, username, authority, role, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user called {username!r}")
        found = Authority.objects.filter(code__iexact=authority).first()
        if found is None:
            raise CommandError(f"No authority with code {authority!r}")
        try:
            with scopes_disabled():
                membership_create(user=user, authority=found, role=role, team=None, actor_membership=None)
        except DomainError as error:
            raise CommandError(error.message) from None
        self.stdout.write(f"{username} is now {Role(role).label.lower()} in {found.name}.")
