"""Database triggers that keep published agreements as they were signed, on PostgreSQL and SQLite.

- The parts of a version (definitions, pathways, ...) can be inserted, changed or deleted only while that version
  is a draft. The status is read with FOR SHARE, so a part written alongside a concurrent submission waits for it
  and then sees the new status.
- Sign-offs can be given or withdrawn only while the version is in review, and never edited.
- A version starts as a draft; only a draft can be deleted; a published version can only move to superseded (its
  other columns are frozen); a superseded version cannot change; publishing needs both kinds of sign-off.

The services check all of this first and give a plain message; these triggers hold for any other writer.
"""

from django.db import migrations

from core.migration_sql import run_vendor_sql

PART_TABLES = [
    "consensus_timescales", "consensus_definition", "consensus_concerntype", "consensus_indicator",
    "consensus_responsepathway", "consensus_responsibility", "consensus_assessmentdimension",
    "consensus_assessmentfactor", "consensus_ratinglevel",
]
# The columns a published version keeps; all but status, superseded_at and updated_at (checked in a test).
VERSION_FROZEN_COLUMNS = [
    "id", "created_at", "authority_id", "number", "based_on_id", "summary", "created_by_id", "submitted_at",
    "published_at", "published_by_id",
]
ERR = "USING ERRCODE = 'insufficient_privilege'"

POSTGRES_UP = [
    f"""
CREATE OR REPLACE FUNCTION consensus_part_guard() RETURNS trigger AS $$
DECLARE
    version_status text;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        SELECT status INTO version_status FROM consensus_consensusversion WHERE id = OLD.version_id FOR SHARE;
        IF version_status IS DISTINCT FROM 'draft' THEN
            RAISE EXCEPTION 'consensus version % is %, not a draft: % on % refused',
                OLD.version_id, version_status, TG_OP, TG_TABLE_NAME {ERR};
        END IF;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        SELECT status INTO version_status FROM consensus_consensusversion WHERE id = NEW.version_id FOR SHARE;
        IF version_status IS DISTINCT FROM 'draft' THEN
            RAISE EXCEPTION 'consensus version % is %, not a draft: % on % refused',
                NEW.version_id, version_status, TG_OP, TG_TABLE_NAME {ERR};
        END IF;
        RETURN NEW;
    END IF;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;""",
    f"""
CREATE OR REPLACE FUNCTION consensus_signoff_guard() RETURNS trigger AS $$
DECLARE
    version_status text;
    row_version bigint;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'consensus sign-offs cannot be changed: UPDATE refused' {ERR};
    END IF;
    row_version := CASE WHEN TG_OP = 'INSERT' THEN NEW.version_id ELSE OLD.version_id END;
    SELECT status INTO version_status FROM consensus_consensusversion WHERE id = row_version FOR SHARE;
    IF version_status IS DISTINCT FROM 'in_review' THEN
        RAISE EXCEPTION 'consensus version % is %, not in review: sign-off % refused',
            row_version, version_status, TG_OP {ERR};
    END IF;
    IF TG_OP = 'INSERT' THEN RETURN NEW; END IF;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;""",
    f"""
CREATE OR REPLACE FUNCTION consensus_version_guard() RETURNS trigger AS $$
DECLARE
    kinds integer;
    ignored text[] := ARRAY['status', 'superseded_at', 'updated_at'];
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.status <> 'draft' THEN
            RAISE EXCEPTION 'a consensus version starts as a draft: INSERT as % refused', NEW.status {ERR};
        END IF;
        RETURN NEW;
    END IF;
    IF TG_OP = 'DELETE' THEN
        IF OLD.status <> 'draft' THEN
            RAISE EXCEPTION 'consensus version % is %: only drafts can be deleted', OLD.id, OLD.status {ERR};
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.status = 'superseded' THEN
        RAISE EXCEPTION 'consensus version % is superseded: UPDATE refused', OLD.id {ERR};
    END IF;
    IF OLD.status = 'published' AND (
        NEW.status NOT IN ('published', 'superseded') OR (to_jsonb(NEW) - ignored) IS DISTINCT FROM (to_jsonb(OLD) - ignored)
    ) THEN
        RAISE EXCEPTION 'consensus version % is published: only the move to superseded is allowed', OLD.id {ERR};
    END IF;
    IF NEW.status = 'published' AND OLD.status <> 'published' THEN
        SELECT count(DISTINCT kind) INTO kinds FROM consensus_signoff WHERE version_id = NEW.id;
        IF OLD.status <> 'in_review' OR kinds < 2 THEN
            RAISE EXCEPTION 'consensus version % needs to be in review with both sign-offs to be published',
                NEW.id {ERR};
        END IF;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER consensus_version_guard BEFORE INSERT OR UPDATE OR DELETE ON consensus_consensusversion
       FOR EACH ROW EXECUTE FUNCTION consensus_version_guard();""",
    """CREATE TRIGGER consensus_signoff_guard BEFORE INSERT OR UPDATE OR DELETE ON consensus_signoff
       FOR EACH ROW EXECUTE FUNCTION consensus_signoff_guard();""",
    *[f"""CREATE TRIGGER {table}_guard BEFORE INSERT OR UPDATE OR DELETE ON {table}
          FOR EACH ROW EXECUTE FUNCTION consensus_part_guard();""" for table in PART_TABLES],
]
POSTGRES_DOWN = [
    *[f"DROP TRIGGER IF EXISTS {table}_guard ON {table};" for table in PART_TABLES],
    "DROP TRIGGER IF EXISTS consensus_signoff_guard ON consensus_signoff;",
    "DROP TRIGGER IF EXISTS consensus_version_guard ON consensus_consensusversion;",
    "DROP FUNCTION IF EXISTS consensus_part_guard();",
    "DROP FUNCTION IF EXISTS consensus_signoff_guard();",
    "DROP FUNCTION IF EXISTS consensus_version_guard();",
]


def _status(ref: str) -> str:
    return f"(SELECT status FROM consensus_consensusversion WHERE id = {ref})"


def _abort(name: str, table: str, when: str, message: str) -> str:
    return f"CREATE TRIGGER {name} BEFORE {table} WHEN {when} BEGIN SELECT RAISE(ABORT, '{message}'); END;"


def _sqlite_up() -> list[str]:
    statements = []
    for table in PART_TABLES:
        refused = "consensus version is not a draft: {} refused"
        statements += [
            _abort(f"{table}_no_insert", f"INSERT ON {table}", f"{_status('NEW.version_id')} IS NOT 'draft'",
                   refused.format("INSERT")),
            _abort(f"{table}_no_update", f"UPDATE ON {table}",
                   f"{_status('OLD.version_id')} IS NOT 'draft' OR {_status('NEW.version_id')} IS NOT 'draft'",
                   refused.format("UPDATE")),
            _abort(f"{table}_no_delete", f"DELETE ON {table}", f"{_status('OLD.version_id')} IS NOT 'draft'",
                   refused.format("DELETE")),
        ]
    changed = " OR ".join(f"NEW.{column} IS NOT OLD.{column}" for column in VERSION_FROZEN_COLUMNS)
    kinds = "(SELECT count(DISTINCT kind) FROM consensus_signoff WHERE version_id = NEW.id)"
    version = "consensus_consensusversion"
    statements += [
        _abort("consensus_signoff_no_insert", "INSERT ON consensus_signoff",
               f"{_status('NEW.version_id')} IS NOT 'in_review'", "consensus version is not in review: sign-off refused"),
        _abort("consensus_signoff_no_delete", "DELETE ON consensus_signoff",
               f"{_status('OLD.version_id')} IS NOT 'in_review'", "consensus version is not in review: sign-off refused"),
        _abort("consensus_signoff_no_update", "UPDATE ON consensus_signoff", "1",
               "consensus sign-offs cannot be changed: UPDATE refused"),
        _abort("consensus_version_insert_draft", f"INSERT ON {version}", "NEW.status IS NOT 'draft'",
               "a consensus version starts as a draft"),
        _abort("consensus_version_delete_draft", f"DELETE ON {version}", "OLD.status IS NOT 'draft'",
               "consensus version is not a draft: only drafts can be deleted"),
        _abort("consensus_version_superseded_frozen", f"UPDATE ON {version}", "OLD.status = 'superseded'",
               "consensus version is superseded: UPDATE refused"),
        _abort("consensus_version_published_frozen", f"UPDATE ON {version}",
               f"OLD.status = 'published' AND (NEW.status NOT IN ('published', 'superseded') OR {changed})",
               "consensus version is published: only the move to superseded is allowed"),
        _abort("consensus_version_publish_signed", f"UPDATE ON {version}",
               f"NEW.status = 'published' AND OLD.status IS NOT 'published' "
               f"AND (OLD.status IS NOT 'in_review' OR {kinds} < 2)",
               "consensus version needs to be in review with both sign-offs to be published"),
    ]
    return statements


def _sqlite_down() -> list[str]:
    names = [f"{table}_no_{op}" for table in PART_TABLES for op in ("insert", "update", "delete")]
    names += ["consensus_signoff_no_insert", "consensus_signoff_no_delete", "consensus_signoff_no_update",
              "consensus_version_insert_draft", "consensus_version_delete_draft",
              "consensus_version_superseded_frozen", "consensus_version_published_frozen",
              "consensus_version_publish_signed"]
    return [f"DROP TRIGGER IF EXISTS {name};" for name in names]


class Migration(migrations.Migration):
    dependencies = [("consensus", "0001_initial")]

    operations = [
        run_vendor_sql(
            forwards={"postgresql": POSTGRES_UP, "sqlite": _sqlite_up},
            backwards={"postgresql": POSTGRES_DOWN, "sqlite": _sqlite_down},
            what="consensus immutability triggers",
        ),
    ]
