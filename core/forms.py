from core.exceptions import DomainError


def apply_domain_error(form, error: DomainError) -> None:
    """Show every message of a service's refusal next to the field it concerns, or above the form.

    A form may map the service's field names to its own (``error_field(service_field)``) and reword a message
    in the words of its page (``reword(field, message)``).
    """
    error_field = getattr(form, "error_field", lambda service_field: service_field)
    reword = getattr(form, "reword", lambda field, message: message)
    for service_field, messages in error.as_errors().items():
        field = error_field(service_field)
        for message in messages:
            form.add_error(field if field in form.fields else None, reword(service_field, message))


def error_messages(error: DomainError) -> list[str]:
    """Every message of a service's refusal, for a page with no field to put them next to."""
    return [message for messages in error.as_errors().values() for message in messages]


def posted(request):
    """What a form was sent, or None for a GET (an empty POST is still a POST: every answer is missing)."""
    return request.POST if request.method == "POST" else None
