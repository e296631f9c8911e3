import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP

from accounts.demo import demo_totp_key
from accounts.models import User


class Command(BaseCommand):
    help = "Print the current authenticator code for a demo account (DEBUG only), for trying Threshold out."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        if not settings.DEMO_ACCOUNTS_ALLOWED:
            raise CommandError("Demo accounts are disabled: DJANGO_DEBUG is off.")
        if not User.objects.filter(username=username, is_demo=True).exists():
            raise CommandError(f"{username} is not a demo account.")
        totp = TOTP(bytes.fromhex(demo_totp_key(username)))
        totp.time = time.time()
        self.stdout.write(f"{totp.token():06d}  (valid for about {30 - int(time.time()) % 30} more seconds)")
