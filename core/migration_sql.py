"""Raw SQL that differs by database (triggers), for migrations that must work on PostgreSQL and SQLite."""

from django.db import migrations


def _runner(statements_by_vendor: dict, what: str):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        statements = statements_by_vendor.get(vendor)
        if statements is None:
            raise RuntimeError(f"No {what} for {vendor}")
        if callable(statements):
            statements = statements()
        for statement in [statements] if isinstance(statements, str) else statements:
            # params=None: the SQL may contain % (RAISE EXCEPTION formats), which is not a parameter marker here.
            schema_editor.execute(statement, params=None)

    return run


def run_vendor_sql(*, forwards: dict, backwards: dict, what: str) -> migrations.RunPython:
    """``forwards``/``backwards`` map a vendor ("postgresql", "sqlite") to SQL: a string, a list of strings, or a
    callable returning one. An unknown vendor fails loudly rather than leaving the guard out."""
    return migrations.RunPython(_runner(forwards, what), _runner(backwards, what))
