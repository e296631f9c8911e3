"""Benchmark: worker time to render the PDF case summary with 10, 100 and 500 chronology entries.

Run it with ``.venv/bin/python bench/case_summary.py`` (PostgreSQL on 127.0.0.1:5432, as for the tests). It makes
a database of its own (``threshold_bench_exports``, dropped and created again), builds one fictional case through
the real services, adds case notes until the person's chronology has the number of entries wanted, and times the
export renderer in-process (reading the records, building the chronology and the comparison, and WeasyPrint's
layout and PDF writing: the whole of a worker's run except the final file write). Five runs per size; the
median is reported. Target (issue 6): 100 entries in under 2 s on the project's 2-core machine.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE = "threshold_bench_exports"
os.environ.update({
    "DJANGO_SETTINGS_MODULE": "config.settings", "DJANGO_DEBUG": "false", "DJANGO_SECURE": "false",
    "DJANGO_SECRET_KEY": "bench-secret-key-" + "x" * 40, "LOG_LEVEL": "ERROR",
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
})
SIZES = (10, 100, 500)
RUNS = 5


def _recreate_database() -> None:
    import psycopg2

    connection = psycopg2.connect("postgresql://postgres@127.0.0.1:5432/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{DATABASE}"')
        cursor.execute(f'CREATE DATABASE "{DATABASE}"')
    connection.close()


def _case_with_entries(entries: int, people: dict):
    """A decided referral with a case whose chronology (referral, decision, case opened, notes) has ``entries``
    lines for the manager who exports it."""
    from cases.chronology import chronology_for_subject
    from cases.models import Case
    from cases.services import note_add
    from core.tenancy import authority_scope
    from referrals.services import referral_decide
    from tests.cases.casework import assign, days_ago
    from tests.referrals.conftest import submitted

    lead, manager, practitioner = people["lead"], people["manager"], people["practitioner"]
    referral = submitted(practitioner, first_name=f"Bench{entries}", last_name="Fictional")
    with authority_scope(lead.authority_id):
        referral_decide(referral=referral, actor_membership=lead, pathway_code="child_in_need",
                        rationale="The agreed threshold for this pathway is met (benchmark).")
        case = Case.objects.get(referral=referral)
    assign(case, practitioner, lead)
    with authority_scope(manager.authority_id):
        existing = len(chronology_for_subject(manager, case.subject_id))
        for number in range(entries - existing):
            note_add(case=case, actor_membership=practitioner, kind="visit", occurred_on=days_ago(number % 90),
                     text=f"Visit {number}: spoke with the young person and their parent about school, the "
                          "mentoring sessions and how things are at home. Agreed the next steps.")
        assert len(chronology_for_subject(manager, case.subject_id)) == entries
    return case


def _page_count(content: bytes) -> int:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(content)
        handle.flush()
        info = subprocess.run(["pdfinfo", handle.name],  # noqa: S603, S607 (a fixed command)
                              capture_output=True, text=True, check=True).stdout
    return int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])


def main() -> None:
    _recreate_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django_scopes import scopes_disabled

    call_command("migrate", verbosity=0)
    from accounts.roles import Role
    from consensus.services import consensus_starter_publish
    from core.tenancy import authority_scope
    from exports.models import ExportJob, ExportKind
    from exports.renderers import RENDERERS
    from tests.factories import AuthorityFactory, TeamFactory
    from tests.referrals.conftest import make_member

    with scopes_disabled():
        authority = AuthorityFactory(name="Benchshire Council (fictional)", code="BEN")
        teams = {hint: TeamFactory(authority=authority, name=f"{hint.title()} team")
                 for hint in ("children", "adults", "prevent")}
    people = {role: make_member(authority, getattr(Role, constant), f"bench.{role}", teams["children"])
              for role, constant in (("practitioner", "PRACTITIONER"), ("lead", "SAFEGUARDING_LEAD"),
                                     ("manager", "MANAGER"), ("admin", "AUTHORITY_ADMIN"))}
    with authority_scope(authority.pk):
        consensus_starter_publish(proposer=people["admin"], strategic=people["manager"], frontline=people["lead"],
                                  teams=teams)
    render = RENDERERS[ExportKind.CASE_SUMMARY_PDF]
    print(f"PDF case summary, worker time per render (median of {RUNS}), {os.cpu_count()} CPUs")
    print(f"{'entries':>8} {'median s':>9} {'min s':>7} {'max s':>7} {'pages':>6} {'KiB':>6}")
    for size in SIZES:
        case = _case_with_entries(size, people)
        with authority_scope(authority.pk):
            job = ExportJob.objects.create(authority=authority, kind=ExportKind.CASE_SUMMARY_PDF,
                                           requested_by=people["manager"].user, target_type="cases.case",
                                           target_id=str(case.pk))
            render(job, lambda progress: None)  # warm up (imports, fonts, templates)
            timings, content = [], b""
            for _ in range(RUNS):
                started = time.perf_counter()
                content = render(job, lambda progress: None)
                timings.append(time.perf_counter() - started)
        pages = _page_count(content)
        print(f"{size:>8} {statistics.median(timings):>9.2f} {min(timings):>7.2f} {max(timings):>7.2f} "
              f"{pages:>6} {len(content) // 1024:>6}")


if __name__ == "__main__":
    main()
