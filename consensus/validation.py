"""Input rules for the agreement's content, shared by the services behind both the pages and the API.

A ``Cleaner`` checks one item's fields and collects every problem at once, so a form or an API client sees all of
them together. Text is kept exactly as typed apart from surrounding spaces: markup is data here, and escaping it
is the template's job.
"""

import re
from collections.abc import Iterable, Mapping

from consensus.models.choices import CODE_MESSAGE, CODE_PATTERN
from core.exceptions import FieldErrors

_CODE = re.compile(CODE_PATTERN)


class ConsensusInputError(FieldErrors):
    """One or more fields of the agreement are wrong (400 in the API)."""

    def __init__(self, errors: Mapping[str, list[str]]):
        super().__init__(errors)

    def prefixed(self, prefix: str) -> "ConsensusInputError":
        return ConsensusInputError({f"{prefix}.{field}": messages for field, messages in self.errors.items()})

    @classmethod
    def merge(cls, errors: Iterable["ConsensusInputError"]) -> "ConsensusInputError | None":
        merged: dict[str, list[str]] = {}
        for error in errors:
            for field, messages in error.errors.items():
                merged.setdefault(field, []).extend(messages)
        return cls(merged) if merged else None


class Cleaner:
    """Cleans one item: ``cleaner.text("term", ...)`` etc., then ``cleaner.result()``."""

    def __init__(self, data: Mapping):
        self.data = data
        self.values: dict = {}
        self.errors: dict[str, list[str]] = {}

    def error(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(message)

    def text(self, field: str, label: str, *, max_length: int, required: bool = True,
             missing: str | None = None) -> str | None:
        value = self.data.get(field, "")
        value = "" if value is None else value
        if not isinstance(value, str):
            self.error(field, f"{label} must be text.")
            return None
        value = value.strip()
        if required and not value:
            self.error(field, missing or f"Enter the {label.lower()}.")
        elif len(value) > max_length:
            self.error(field, f"{label} must be {max_length} characters or fewer.")
        else:
            self.values[field] = value
        return value

    def code(self, field: str = "code", label: str = "a code") -> str | None:
        value = self.data.get(field)
        value = value.strip() if isinstance(value, str) else value
        if value in (None, ""):
            self.error(field, f"Enter {label}.")
        elif not isinstance(value, str) or not _CODE.match(value):
            self.error(field, CODE_MESSAGE)
        else:
            self.values[field] = value
            return value
        return None

    def choice(self, field: str, choices, message: str):
        value = self.data.get(field)
        allowed = choices.values if hasattr(choices, "values") else list(choices)
        if value not in allowed:
            self.error(field, message)
            return None
        self.values[field] = value
        return value

    def integer(self, field: str, low: int, high: int, message: str) -> int | None:
        value = self.data.get(field)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.error(field, message)
            return None
        self.values[field] = value
        return value

    def boolean(self, field: str, label: str) -> bool | None:
        value = self.data.get(field)
        if not isinstance(value, bool):
            self.error(field, f"Say whether {label}.")
            return None
        self.values[field] = value
        return value

    def position(self) -> None:
        if self.data.get("position") is None:
            self.values["position"] = 0
        else:
            self.integer("position", 0, 10_000, "Position must be a whole number from 0 to 10000.")

    def result(self) -> dict:
        if self.errors:
            raise ConsensusInputError(self.errors)
        return self.values
