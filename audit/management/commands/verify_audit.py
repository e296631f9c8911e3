from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from audit.models import AUTHORITY_MODEL
from audit.services import chains_to_verify, verify_chain
from core.tenancy import scopes_disabled


class Command(BaseCommand):
    help = "Recompute the audit hash chains and name the first broken event. Exits 1 if any chain is broken."

    def add_arguments(self, parser):
        parser.add_argument("--authority", metavar="CODE", help="verify only this authority's chain")

    def handle(self, *args, authority=None, **options):
        authority_id = None
        if authority:
            Authority = apps.get_model(AUTHORITY_MODEL)
            with scopes_disabled():
                found = Authority.objects.filter(code__iexact=authority).values_list("pk", flat=True).first()
            if found is None:
                raise CommandError(f"No authority with code {authority!r}")
            authority_id = found
        broken = 0
        for chain in chains_to_verify(authority_id):
            report = verify_chain(chain)
            if report.ok:
                self.stdout.write(f"{chain}: intact ({report.checked} events)")
            else:
                broken += 1
                event = f"event id {report.broken_event_id}" if report.broken_event_id else "the chain's end"
                self.stderr.write(
                    f"{chain}: BROKEN at event number {report.broken_sequence} ({event}): {report.reason}"
                )
        if broken:
            raise CommandError(f"{broken} audit chain(s) broken", returncode=1)
