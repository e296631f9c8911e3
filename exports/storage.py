"""Where export files live: under ``THRESHOLD_EXPORT_ROOT`` (outside the static and media roots, never served by
the web server), one folder per authority, named by the job's public id only."""

import hashlib
import os
import tempfile
from pathlib import Path

from django.conf import settings

EXTENSIONS = {"case_summary_pdf": ".pdf", "audit_trail_pdf": ".pdf", "audit_trail_csv": ".csv",
              "subject_access": ".pdf"}
DOWNLOAD_PREFIXES = {"case_summary_pdf": "case-summary", "audit_trail_pdf": "audit-trail",
                     "audit_trail_csv": "audit-trail", "subject_access": "subject-access-pack"}


def export_root() -> Path:
    return Path(settings.THRESHOLD_EXPORT_ROOT)


def final_path(job) -> Path:
    return export_root() / str(job.authority_id) / f"{job.public_id}{EXTENSIONS[job.kind]}"


def download_name(job) -> str:
    """The file name the browser saves: the kind and a short id, nothing about the person or the case."""
    return f"threshold-{DOWNLOAD_PREFIXES[job.kind]}-{str(job.public_id)[:8]}{EXTENSIONS[job.kind]}"


def write_temporary(job, content: bytes) -> tuple[Path, str]:
    """Write ``content`` beside the final path under a unique temporary name (flushed to disk); returns it and its
    SHA-256. ``publish`` renames it into place, so a reader never sees half a file."""
    folder = final_path(job).parent
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    handle, name = tempfile.mkstemp(prefix=f".{job.public_id}.", suffix=".part", dir=folder)
    with os.fdopen(handle, "wb") as stream:
        stream.write(content)
        stream.flush()
        os.fsync(stream.fileno())
    return Path(name), hashlib.sha256(content).hexdigest()


def publish(temporary: Path, job) -> Path:
    path = final_path(job)
    os.replace(temporary, path)
    return path


def discard(path: Path) -> None:
    path.unlink(missing_ok=True)


def temporaries_of(job) -> list[Path]:
    return list(final_path(job).parent.glob(f".{job.public_id}.*.part"))


def stray_temporaries(older_than_seconds: float, now: float) -> list[Path]:
    root = export_root()
    if not root.exists():
        return []
    return [path for path in root.glob("*/.*.part") if now - path.stat().st_mtime > older_than_seconds]
