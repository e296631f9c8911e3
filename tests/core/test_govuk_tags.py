from django import forms
from django.template import Context, Template


class _Form(forms.Form):
    name = forms.CharField()
    colour = forms.ChoiceField(choices=[("r", "Red"), ("b", "Blue")], widget=forms.RadioSelect)
    sizes = forms.MultipleChoiceField(choices=[("s", "Small")], widget=forms.CheckboxSelectMultiple)


def _summary(form):
    return Template("{% load govuk %}{% govuk_error_summary form %}").render(Context({"form": form}))


def test_error_summary_links_to_the_first_control_of_each_field():
    form = _Form(data={})
    assert not form.is_valid()
    html = _summary(form)
    assert 'href="#id_name"' in html
    assert 'href="#id_colour_0"' in html and 'href="#id_sizes_0"' in html


def test_linked_ids_exist_on_the_page():
    form = _Form(data={})
    form.is_valid()
    page = Template(
        "{% load govuk %}{% govuk_field form.name %}{% govuk_field form.colour %}{% govuk_field form.sizes %}"
    ).render(Context({"form": form}))
    for target in ["id_name", "id_colour_0", "id_sizes_0"]:
        assert f'id="{target}"' in page


def test_no_summary_without_errors():
    assert "govuk-error-summary" not in _summary(_Form())
