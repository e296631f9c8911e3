from django import forms

from audit.actions import registered_actions


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(required=False, label="What happened")
    target_type = forms.CharField(required=False, max_length=100, label="Record type")
    target_id = forms.CharField(required=False, max_length=64, label="Record number")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        actions = sorted(registered_actions().items(), key=lambda item: item[1])
        self.fields["action"].choices = [("", "Anything")] + actions
