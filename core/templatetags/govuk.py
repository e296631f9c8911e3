"""``{% govuk_field form.name %}``: a Django form field drawn as the matching GOV.UK Frontend component, with its
label, hint and error message wired up (``aria-describedby``), so every control is labelled the same way."""

import json

from django import forms, template
from django.template.loader import render_to_string

register = template.Library()


def _kind(widget) -> str:
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    return "input"


@register.simple_tag
def govuk_field(bound_field, label=None, hint=None, width="", autocomplete="", input_type="",
                label_class="govuk-label--s", inputmode="", spellcheck="", keep_value=True):
    widget = bound_field.field.widget
    described_by = []
    if hint or bound_field.help_text:
        described_by.append(f"{bound_field.auto_id}-hint")
    if bound_field.errors:
        described_by.append(f"{bound_field.auto_id}-error")
    context = {
        "field": bound_field,
        "label": label or bound_field.label,
        "hint": hint or bound_field.help_text,
        "width": width,
        "autocomplete": autocomplete,
        "input_type": input_type or getattr(widget, "input_type", "text"),
        "label_class": label_class,
        "inputmode": inputmode,
        "spellcheck": spellcheck,
        "described_by": " ".join(described_by),
        "value": bound_field.value() if keep_value and getattr(widget, "input_type", "") != "password" else "",
    }
    return render_to_string(f"includes/fields/{_kind(widget)}.html", context)


def _first_control_id(bound_field) -> str:
    """The id the error summary links to: the field's control, or the first radio or checkbox of a group
    (Django numbers those ``id_<name>_0`` unless the widget says otherwise)."""
    if isinstance(bound_field.field.widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
        options = bound_field.subwidgets
        if options:
            return options[0].id_for_label
    return bound_field.auto_id


@register.inclusion_tag("includes/error_summary.html")
def govuk_error_summary(*forms_):
    """The error summary, one link per error, in the form's field order: declare forms in page order."""
    errors = []
    for form in forms_:
        if form is None:
            continue
        for message in form.non_field_errors():
            errors.append({"href": "#main-content", "message": message})
        for field in form:
            for message in field.errors:
                errors.append({"href": f"#{_first_control_id(field)}", "message": message})
    return {"errors": errors, "href": "#main-content"}


@register.filter
def pretty_json(value) -> str:
    """Structured data (an audit event's details) as indented JSON, which reads better than a Python repr."""
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False, default=str)
