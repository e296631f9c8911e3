"""Editing a draft: one generic view per operation (list, add, change, delete) for every part, driven by the
registry in consensus.forms (``part`` is its PartPage, from the URL), and the timescales form."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from accounts.selectors import team_list
from consensus import permissions, services
from consensus.forms import TimescalesForm
from consensus.parts import TIMESCALE_FIELDS
from consensus.permissions import ConsensusAction as A
from consensus.views import display
from consensus.views.access import allowed, find_item, with_version
from core.exceptions import DomainError
from core.forms import apply_domain_error, error_messages


def _form_page(request, form, version, part, item=None):
    return render(request, "consensus/part_form.html", {"form": form, "version": version, "part": part,
                                                        "item": item}, status=400 if form.errors else 200)


@require_GET
@allowed(A.VIEW_DRAFTS)
@with_version()
def part_list(request, version, part):
    return render(request, "consensus/part_list.html", {
        "version": version, "part": part, "can_edit": A.EDIT in permissions.get_actions(version, request.membership),
        "cards": display.item_cards(part, getattr(version, part.name).all(), display.Lookups.of(version)),
    })


@require_http_methods(["GET", "POST"])
@allowed(A.EDIT)
@with_version(editable=True)
def part_add(request, version, part):
    form = part.form(request.POST or None, version=version, teams=team_list(request.membership))
    if request.method == "POST" and form.is_valid():
        data = {**form.service_data(), **display.next_position(part, version)}
        try:
            item = services.consensus_part_create(version=version, part=part.name, data=data,
                                                  actor_membership=request.membership)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, f"‘{item}’ has been added to the {part.label.lower()}.")
            return redirect("consensus:part", version.pk, part.slug)
    return _form_page(request, form, version, part)


@require_http_methods(["GET", "POST"])
@allowed(A.EDIT)
@with_version(editable=True)
def part_change(request, version, part, item_id):
    item = find_item(version, part, item_id)
    form = part.form(request.POST or None, version=version, teams=team_list(request.membership), adding=False,
                     initial=part.spec.values(item))
    if request.method == "POST" and form.is_valid():
        try:
            item = services.consensus_part_update(item=item, data=form.service_data(),
                                                  actor_membership=request.membership)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, f"Your changes to ‘{item}’ have been saved.")
            return redirect("consensus:part", version.pk, part.slug)
    return _form_page(request, form, version, part, display.item_card(part, part.spec.values(item),
                                                                      display.Lookups.of(version)))


@require_http_methods(["GET", "POST"])
@allowed(A.EDIT)
@with_version(editable=True)
def part_delete(request, version, part, item_id):
    item = find_item(version, part, item_id)
    card, errors = display.item_card(part, part.spec.values(item), display.Lookups.of(version)), []
    if request.method == "POST":
        try:
            services.consensus_part_delete(item=item, actor_membership=request.membership)
        except DomainError as error:
            errors = error_messages(error)
        else:
            messages.success(request, f"‘{card.title}’ has been deleted from the {part.label.lower()}.")
            return redirect("consensus:part", version.pk, part.slug)
    return render(request, "consensus/part_delete.html", {"version": version, "part": part, "card": card,
                                                          "errors": errors}, status=400 if errors else 200)


@require_http_methods(["GET", "POST"])
@allowed(A.EDIT)
@with_version(editable=True)
def timescales(request, version):
    initial = {name: getattr(version.timescales, name) for name in TIMESCALE_FIELDS}
    form = TimescalesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.consensus_timescales_update(version=version, data=form.cleaned_data,
                                                 actor_membership=request.membership)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, "The timescales have been saved.")
            return redirect("consensus:version", version.pk)
    return render(request, "consensus/timescales_form.html", {"form": form, "version": version},
                  status=400 if form.errors else 200)
