"""Checking the input of the casework services (assessments, interventions, court applications, challenges and
notes): every problem is collected first, one message per field, and raised together as ``FieldErrors`` before
anything is written. Messages are in the words of the page, with dates written out ("3 March 2026")."""

import datetime as dt

from core.exceptions import FieldErrors

NOT_FUTURE = "Enter a date that is not in the future"
TIMES = {1: "", 2: "twice", 3: "three times"}


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def times(factor: int) -> str:
    return TIMES.get(factor) or f"{factor} times"


class Checks:
    """Collects field errors; each method returns the cleaned value, or None when the value is wrong."""

    def __init__(self):
        self.errors: dict[str, list[str]] = {}

    def error(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(message)

    def ok(self, *fields: str) -> bool:
        return not any(field in self.errors for field in fields)

    def text(self, field: str, value, *, max_length: int, missing: str | None = None, label: str = "This") -> str:
        """Text without surrounding spaces; ``missing`` is the message when it is required and empty."""
        value = "" if value is None else value
        if not isinstance(value, str):
            self.error(field, f"{label} must be text")
            return ""
        value = value.strip()
        if not value and missing:
            self.error(field, missing)
        elif len(value) > max_length:
            self.error(field, f"{label} must be {max_length:,} characters or fewer")
        return value

    def choice(self, field: str, value, choices, message: str) -> str | None:
        if not isinstance(value, str) or value not in choices:
            self.error(field, message)
            return None
        return value

    def whole_number(self, field: str, value, *, low: int, high: int, message: str) -> int | None:
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.error(field, message)
            return None
        return value

    def date(self, field: str, value, *, label: str, required: bool = True) -> dt.date | None:
        """A calendar date (a ``date`` or an ISO 8601 string). ``label`` names it in messages: "The end date"."""
        if value in (None, ""):
            if required:
                self.error(field, f"Enter {label[0].lower()}{label[1:]}")
            return None
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value.strip())
            except ValueError:
                value = None
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            self.error(field, f"{label} must be a real date")
            return None
        return value

    def not_future(self, field: str, day: dt.date | None, today: dt.date) -> None:
        if day is not None and day > today and self.ok(field):
            self.error(field, NOT_FUTURE)

    def not_before(self, field: str, day: dt.date | None, earliest: dt.date | None, message: str) -> None:
        """``message`` may name the earliest date as {date}."""
        if day is not None and earliest is not None and day < earliest and self.ok(field):
            self.error(field, message.format(date=long_date(earliest)))

    def raise_any(self) -> None:
        if self.errors:
            raise FieldErrors(self.errors)
