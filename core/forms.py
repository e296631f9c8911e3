from core.exceptions import DomainError


def apply_domain_error(form, error: DomainError) -> None:
    """Show a service's rule breach next to the field it concerns (or above the form)."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)
