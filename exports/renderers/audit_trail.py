"""The audit trail export: the events of one record, or of the whole authority over a period, with the result
of verifying the authority's hash chain, as CSV (for analysis) or PDF (for the file)."""

import csv
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.dateparse import parse_date

from accounts.models import Membership
from audit.actions import registered_actions
from audit.models import AuditEvent
from audit.services import ChainReport, chain_for, verify_chain
from consensus.working_days import LONDON
from core.exceptions import FieldErrors
from exports.models import ExportJob
from exports.pdf import render_pdf as render_pdf_document

MAX_PERIOD_DAYS = 366
# A spreadsheet treats a cell starting with one of these as a formula (CSV injection): such values are prefixed
# with an apostrophe, as OWASP advises.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_COLUMNS = ["sequence", "occurred_at", "actor", "action", "action_label", "target_type", "target_id",
               "target_label", "data", "request_id", "ip", "hash", "prev_hash", "chain_verified"]


def _date(params: Mapping, key: str, errors: dict, label: str) -> date | None:
    raw = params.get(key)
    try:
        value = parse_date(raw) if isinstance(raw, str) else raw if isinstance(raw, date) else None
    except ValueError:  # well formed but not a date, such as 30 February
        value = None
    if value is None:
        errors[key] = [f"Enter the {label} as a real date, for example 2026-03-27."]
    elif value > timezone.localdate():
        errors[key] = [f"The {label} cannot be in the future."]
    return value


def clean_request(membership: Membership, target_id, params: Mapping) -> tuple[str, None, dict]:
    """One record (``target_type`` and ``target_id`` of an audited record) or a period (``from``, ``to``)."""
    target_type = params.get("target_type") or ""
    record_id = str(params.get("target_id") or target_id or "")
    if target_type or record_id:
        errors = {}
        if not isinstance(target_type, str) or "." not in target_type or len(target_type) > 100:
            errors["target_type"] = ["Say which kind of record, for example cases.case."]
        if not record_id or len(record_id) > 64:
            errors["target_id"] = ["Say which record."]
        if errors:
            raise FieldErrors(errors)
        if not AuditEvent.objects.filter(authority_id=membership.authority_id, target_type=target_type,
                                         target_id=record_id).exists():
            raise FieldErrors({"target_id": ["There is no audit trail for that record in your authority."]})
        return "audit.record", None, {"target_type": target_type, "target_id": record_id}
    errors: dict[str, list[str]] = {}
    start, end = _date(params, "from", errors, "start date"), _date(params, "to", errors, "end date")
    if not errors and end < start:
        errors["to"] = ["The end date must be on or after the start date."]
    elif not errors and (end - start).days >= MAX_PERIOD_DAYS:
        errors["to"] = [f"Choose a period of at most {MAX_PERIOD_DAYS} days."]
    if errors:
        raise FieldErrors(errors)
    return "audit.period", None, {"from": start.isoformat(), "to": end.isoformat()}


def _bounds(job: ExportJob) -> tuple[datetime, datetime]:
    start = datetime.combine(date.fromisoformat(job.params["from"]), time.min, tzinfo=LONDON)
    end = datetime.combine(date.fromisoformat(job.params["to"]) + timedelta(days=1), time.min, tzinfo=LONDON)
    return start, end


def events_for(job: ExportJob):
    events = AuditEvent.objects.filter(authority_id=job.authority_id).order_by("sequence")
    if "target_type" in job.params:
        return events.filter(target_type=job.params["target_type"], target_id=job.params["target_id"])
    start, end = _bounds(job)
    return events.filter(occurred_at__gte=start, occurred_at__lt=end)


@dataclass(frozen=True)
class Verification:
    report: ChainReport
    first_sequence: int | None
    last_sequence: int | None

    @property
    def range_intact(self) -> bool:
        broken = self.report.broken_sequence
        return broken is None or self.last_sequence is None or broken > self.last_sequence

    def is_verified(self, sequence: int) -> bool:
        broken = self.report.broken_sequence
        return broken is None or sequence < broken

    @property
    def summary(self) -> str:
        if self.first_sequence is None:
            return "No events in this export. The authority's chain was checked: " + self.chain_words
        span = f"events {self.first_sequence} to {self.last_sequence}"
        if self.range_intact:
            return f"Every event in this export ({span}) is part of the verified chain. {self.chain_words}"
        return (f"The chain is broken at event {self.report.broken_sequence} ({self.report.reason}): events from "
                f"there on cannot be relied on. {self.chain_words}")

    @property
    def chain_words(self) -> str:
        if self.report.ok:
            return f"The whole chain ({self.report.checked} events) is intact."
        return f"{self.report.checked} events were verified before the break."


def _collect(job: ExportJob, progress: Callable[[int], None]) -> tuple[list[AuditEvent], Verification]:
    events = list(events_for(job).select_related(None))
    progress(20)
    report = verify_chain(chain_for(job.authority_id))
    progress(50)
    sequences = [event.sequence for event in events]
    return events, Verification(report, min(sequences, default=None), max(sequences, default=None))


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def _scope_words(job: ExportJob) -> str:
    if "target_type" in job.params:
        return f"record {job.params['target_type']} {job.params['target_id']}"
    return f"{job.params['from']} to {job.params['to']}"


def render_csv(job: ExportJob, progress: Callable[[int], None]) -> bytes:
    import json

    events, verification = _collect(job, progress)
    labels = registered_actions()
    buffer = io.StringIO()
    buffer.write(f"# OFFICIAL-SENSITIVE. Threshold audit trail export {job.public_id}: {_scope_words(job)}.\n")
    buffer.write(f"# Verification: {verification.summary}\n")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for event in events:
        writer.writerow([_cell(value) for value in (
            event.sequence, event.occurred_at.isoformat(), event.actor_label, event.action,
            labels.get(event.action, event.action), event.target_type, event.target_id, event.target_label,
            json.dumps(event.data, sort_keys=True, ensure_ascii=False), event.request_id, event.ip or "",
            event.hash, event.prev_hash, "yes" if verification.is_verified(event.sequence) else "no")])
    progress(90)
    return buffer.getvalue().encode("utf-8")


def render_pdf(job: ExportJob, progress: Callable[[int], None]) -> bytes:
    events, verification = _collect(job, progress)
    labels = registered_actions()
    rows = [{"event": event, "label": labels.get(event.action, event.action),
             "verified": verification.is_verified(event.sequence)} for event in events]
    content, _refused = render_pdf_document(
        "exports/pdf/audit_trail.html",
        {"job": job, "rows": rows, "verification": verification, "scope": _scope_words(job),
         "authority": job.authority, "generated_at": timezone.now(), "requested_by": job.requested_by},
        title=f"Audit trail export {str(job.public_id)[:8]}")
    progress(95)
    return content
