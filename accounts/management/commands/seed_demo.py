from django.core.management.base import BaseCommand, CommandError

from accounts.demo import AUTHORITIES, DEMO_PASSWORD, seed_demo
from accounts.models import Authority
from cases.demo import seed_demo_cases
from consensus.demo import seed_demo_agreements
from core.exceptions import DomainError
from evidence.demo import seed_evidence
from referrals.demo import seed_demo_referrals


class Command(BaseCommand):
    help = ("Load the fictional demo authorities, people, agreements, referrals, cases and evidence base "
            "(idempotent; only with DJANGO_DEBUG=true).")

    def handle(self, *args, **options):
        try:
            logins = seed_demo()
            agreements = seed_demo_agreements()
            referrals = seed_demo_referrals()
            cases = seed_demo_cases()
            evidence = [line for spec in AUTHORITIES
                        for line in seed_evidence(Authority.objects.get(code=spec["code"]))]
        except DomainError as error:
            raise CommandError(error.message) from None
        width = max(len(login.username) for login in logins)
        self.stdout.write("")
        for line in [*agreements, *referrals, *cases, *evidence]:
            self.stdout.write(line)
        self.stdout.write("")
        self.stdout.write("Demo sign-ins (fictional people; refused whenever DEBUG is off)")
        self.stdout.write(f"Password for every account: {DEMO_PASSWORD}")
        self.stdout.write("Add the authenticator secret to any TOTP app, or run: "
                          "python manage.py demo_code USERNAME")
        self.stdout.write("")
        self.stdout.write(f"{'Username'.ljust(width)}  {'Authenticator secret'.ljust(32)}  Role")
        for login in logins:
            self.stdout.write(f"{login.username.ljust(width)}  {login.totp_secret.ljust(32)}  {login.roles}")
        self.stdout.write("")
