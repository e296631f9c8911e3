"""Database triggers that refuse UPDATE and DELETE on case notes (a correction is a new note), on PostgreSQL and
SQLite, as for audit events."""

from django.db import migrations

from core.migration_sql import run_vendor_sql

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION cases_note_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'case notes are append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER cases_casenote_append_only
    BEFORE UPDATE OR DELETE ON cases_casenote
    FOR EACH ROW EXECUTE FUNCTION cases_note_refuse_change();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS cases_casenote_append_only ON cases_casenote;
DROP FUNCTION IF EXISTS cases_note_refuse_change();
"""
SQLITE_UP = [
    """CREATE TRIGGER cases_casenote_no_update BEFORE UPDATE ON cases_casenote
       BEGIN SELECT RAISE(ABORT, 'case notes are append-only: UPDATE refused'); END;""",
    """CREATE TRIGGER cases_casenote_no_delete BEFORE DELETE ON cases_casenote
       BEGIN SELECT RAISE(ABORT, 'case notes are append-only: DELETE refused'); END;""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS cases_casenote_no_update;",
    "DROP TRIGGER IF EXISTS cases_casenote_no_delete;",
]


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_casework")]

    operations = [
        run_vendor_sql(
            forwards={"postgresql": POSTGRES_UP, "sqlite": SQLITE_UP},
            backwards={"postgresql": POSTGRES_DOWN, "sqlite": SQLITE_DOWN},
            what="append-only triggers",
        ),
    ]
