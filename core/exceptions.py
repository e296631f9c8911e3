"""One error vocabulary for services. Views attach these to forms; the API handler turns them into responses."""


class DomainError(Exception):
    """A business rule was broken. Rendered as a 400, with field errors when ``field`` is given."""

    status_code = 400
    default_code = "invalid"

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code or self.default_code

    def as_errors(self) -> dict[str, list[str]]:
        return {self.field or "non_field_errors": [self.message]}


class FieldErrors(DomainError):
    """One or more fields are wrong. ``errors`` maps each field (or "non_field_errors") to its messages."""

    def __init__(self, errors, *, code: str = "invalid"):
        self.errors = {field: list(messages) for field, messages in errors.items()}
        field, messages = next(iter(self.errors.items()))
        super().__init__(messages[0], field=None if field == "non_field_errors" else field, code=code)

    def as_errors(self) -> dict[str, list[str]]:
        return self.errors


class InvalidTransition(DomainError):
    """The record is not in a state that allows this change (409 in the API)."""

    status_code = 409
    default_code = "invalid_transition"


class PermissionDenied(DomainError):
    """The user can see the record but may not do this to it (403)."""

    status_code = 403
    default_code = "permission_denied"
