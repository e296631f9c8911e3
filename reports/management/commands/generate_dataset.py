from time import perf_counter

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.exceptions import DomainError
from reports.dataset import SEED, generate_dataset


class Command(BaseCommand):
    help = ("Make a new fictional authority with many referrals and cases, for benchmarks (see reports/dataset.py). "
            "Only with DJANGO_DEBUG=true, or with --throwaway-database on a database kept for benchmarks.")

    def add_arguments(self, parser):
        parser.add_argument("--authority", required=True, help="Code of the new authority, for example BEN.")
        parser.add_argument("--referrals", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=SEED, help="The same seed gives the same data on a day.")
        parser.add_argument("--throwaway-database", action="store_true",
                            help="Say that this database holds nothing real, so DEBUG may be off.")

    def handle(self, *args, **options):
        if not (settings.DEBUG or options["throwaway_database"]):
            raise CommandError("generate_dataset writes thousands of fictional records. Run it with "
                               "DJANGO_DEBUG=true, or pass --throwaway-database for a database kept for benchmarks.")
        started = perf_counter()
        try:
            made = generate_dataset(code=options["authority"], referrals=options["referrals"], seed=options["seed"])
        except DomainError as error:
            raise CommandError(error.message) from None
        self.stdout.write(
            f"{made['authority'].name} ({made['authority'].code}): {made['referrals']} referrals, {made['cases']} "
            f"cases, {made['interventions']} interventions, {made['reviews']} reviews "
            f"in {perf_counter() - started:.1f} s.")
