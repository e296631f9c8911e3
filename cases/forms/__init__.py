"""Forms for the case pages, one module per group of pages: ``lifecycle`` (assigning, status, restriction and
access, break-glass, reviews, closure and reopening) and ``records`` (assessments, interventions, legal actions,
challenges, notes). Import from the module: ``from cases.forms.lifecycle import ReviewForm``.

As for referrals, a form only turns what the browser sent into the service's input; every rule lives in the
services, and ``core.forms.apply_domain_error`` puts their messages next to the fields."""
