"""Benchmark: the authority dashboard for one authority holding 10,000 referrals.

    .venv/bin/python bench/dashboard.py [--referrals 10000] [--runs 30] [--keep]

It makes a PostgreSQL database of its own (threshold_bench_<pid> on DATABASE_URL's server, default the local one),
migrates it, runs ``generate_dataset`` and times GET /dashboard/ through Django's test client, signed in as a
safeguarding lead: the whole request in the server (middleware, session, every query, the charts and the template),
not the network. Then it runs the SELECTs that request issued, as raw SQL on the same connection, the same number
of times, and prints both and their ratio: how much of the time is the database and how much is Django. The
database is dropped at the end unless --keep is given. Not part of the test suite.
"""

import argparse
import os
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SERVER_URL = os.environ.get("BENCH_DATABASE_SERVER", "postgres://postgres@127.0.0.1:5432")
NAME = f"threshold_bench_{os.getpid()}"


def _admin(sql: str) -> None:
    import psycopg2

    connection = psycopg2.connect(f"{SERVER_URL}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(sql)
    connection.close()


def _spread(samples: list[float]) -> tuple[float, float]:
    """Median and 90th percentile (interpolated), in milliseconds."""
    ordered = sorted(samples)
    return statistics.median(ordered) * 1000, statistics.quantiles(ordered, n=10, method="inclusive")[8] * 1000


VIEWS = [("Last 90 days (the default)", "/dashboard/"), ("Last 12 months", "/dashboard/?period=12m")]


def _time_view(client, connection, capture, path: str, runs: int) -> dict:
    """Time GET ``path`` ``runs`` times, then the SELECTs one such request issues, as raw SQL, as many times."""
    for _ in range(3):  # warm up: imports, template loading, the database's caches
        assert client.get(path).status_code == 200
    with capture(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200 and b"Dashboard" in response.content
    issued = [query["sql"] for query in captured.captured_queries]  # read now: each request empties the log
    selects = [sql for sql in issued if sql.lstrip().upper().startswith("SELECT")]
    page = []
    for _ in range(runs):
        begun = time.perf_counter()
        client.get(path)
        page.append(time.perf_counter() - begun)
    raw, each = [], [0.0] * len(selects)
    with connection.cursor() as cursor:
        for _ in range(runs):
            total = 0.0
            for index, sql in enumerate(selects):
                begun = time.perf_counter()
                cursor.execute(sql)
                cursor.fetchall()
                took = time.perf_counter() - begun
                each[index] += took
                total += took
            raw.append(total)
    slowest = sorted(((took / runs * 1000, sql) for took, sql in zip(each, selects, strict=True)), reverse=True)
    return {"page": _spread(page), "raw": _spread(raw), "queries": len(issued), "selects": len(selects),
            "size": len(response.content), "slowest": slowest[:5]}


def _signed_in_client(membership):
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(user=membership.user, name="Bench authenticator",
                                                 defaults={"confirmed": True})
    client = Client()
    client.force_login(membership.user, backend="accounts.backends.StaffModelBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session["threshold_authority_id"] = membership.authority_id
    session.save()
    return client


def _kept() -> dict:
    """What a kept database holds, in the shape generate_dataset returns."""
    from types import SimpleNamespace

    from django_scopes import scopes_disabled

    from accounts.models import Membership
    from cases.models import Case, Intervention, Review
    from referrals.models import Referral

    with scopes_disabled():
        lead = Membership.objects.select_related("user").get(user__username="ben.lead.children")
        return {"authority": lead.authority, "staff": SimpleNamespace(leads={"children": lead}),
                "referrals": Referral.objects.count(), "cases": Case.objects.count(),
                "interventions": Intervention.objects.count(), "reviews": Review.objects.count()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--referrals", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="Keep the database afterwards (its name is printed).")
    parser.add_argument("--reuse", metavar="NAME", help="Time a database kept by an earlier --keep run instead.")
    options = parser.parse_args()

    name = options.reuse or NAME
    os.environ["DATABASE_URL"] = f"{SERVER_URL}/{name}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    if not options.reuse:
        _admin(f'CREATE DATABASE "{name}"')
    try:
        run(options)
    finally:
        from django.db import connections

        connections.close_all()
        if not (options.keep or options.reuse):
            _admin(f'DROP DATABASE IF EXISTS "{name}"')


def run(options) -> None:
    import django

    warnings.filterwarnings("ignore", message="No directory at")  # whitenoise: static files are not collected here
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django_scopes import scopes_disabled

    from reports.dataset import generate_dataset

    started = time.perf_counter()
    if options.reuse:
        made = _kept()
    else:
        call_command("migrate", verbosity=0)
        with scopes_disabled():
            made = generate_dataset(code="BEN", referrals=options.referrals)
    generated = time.perf_counter() - started
    with scopes_disabled():
        client = _signed_in_client(made["staff"].leads["children"])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    timed = [_time_view(client, connection, CaptureQueriesContext, path, options.runs) for _, path in VIEWS]
    database = settings.DATABASES["default"]
    first = timed[0]
    rows = [
        ("Referrals generated", f"{made['referrals']:,} ({made['cases']:,} cases, "
                                f"{made['interventions']:,} interventions, {made['reviews']:,} reviews)"),
        ("Time to generate", "(reused a kept database)" if options.reuse else f"{generated:.1f} s"),
        ("Database", f"PostgreSQL {connection.pg_version // 10000}, {database['NAME']}"),
        ("Queries per request", f"{first['queries']} ({first['selects']} SELECTs)"),
        ("Response size", f"{first['size'] / 1024:.0f} KiB"),
        ("Load average when it ended", " ".join(f"{value:.2f}" for value in os.getloadavg())),
    ]
    width = max(len(label) for label, _ in rows)
    print()
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
    print(f"\n{'ms, ' + str(options.runs) + ' runs each':<28}{'request':>18}{'raw SQL':>18}{'request /':>11}")
    print(f"{'':<28}{'median':>9}{'p90':>9}{'median':>9}{'p90':>9}{'raw SQL':>11}")
    for (label, _), result in zip(VIEWS, timed, strict=True):
        (page_median, page_p90), (raw_median, raw_p90) = result["page"], result["raw"]
        print(f"{label:<28}{page_median:9.1f}{page_p90:9.1f}{raw_median:9.1f}{raw_p90:9.1f}"
              f"{page_median / raw_median:11.2f}")
    verdict = "met" if first["page"][0] < 150 else "NOT met"
    print(f"\nTarget (default view, median under 150 ms): {verdict}")
    print("\nSlowest SELECTs of the default view (mean ms, first 90 characters):")
    for took, sql in first["slowest"]:
        print(f"  {took:6.2f}  {' '.join(sql.split())[:90]}")
    if options.keep:
        print(f"\nKept the database {NAME}: time it again with --reuse {NAME}.")


if __name__ == "__main__":
    main()
