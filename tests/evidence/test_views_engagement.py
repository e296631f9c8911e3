"""The community engagement log pages and the sharing setting page."""

import datetime as dt

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from evidence.models import CommunityEngagement, EvidenceSharing

pytestmark = pytest.mark.django_db
LOG, NEW, SHARING = reverse("evidence:engagement"), reverse("evidence:engagement_new"), reverse("evidence:sharing")
TODAY = dt.date.today()


def form(day=TODAY, **overrides):
    return {"held_on_day": day.day, "held_on_month": day.month, "held_on_year": day.year, "audience": "parents",
            "topic": "Online safety evening", "attendance": "18", "partners": "", "notes": "", **overrides}


def test_an_administrator_adds_and_corrects_a_session(admin_member, client_for, audit_rows):
    client = client_for(admin_member)
    assert client.get(NEW).status_code == 200
    assert client.post(NEW, form()).status_code == 302
    with scopes_disabled():
        session = CommunityEngagement.objects.get()
    page = client.get(LOG).content.decode()
    assert "Online safety evening" in page and "Parents and carers" in page
    edit = reverse("evidence:engagement_edit", args=[session.pk])
    assert client.post(edit, form(attendance="20")).status_code == 302
    with scopes_disabled():
        assert CommunityEngagement.objects.get().attendance == 20
    assert [action for action, _ in audit_rows()] == ["evidence.engagement.recorded", "evidence.engagement.changed"]


def test_mistakes_are_shown_next_to_the_fields(lead, client_for):
    response = client_for(lead).post(NEW, form(day=TODAY + dt.timedelta(days=2), attendance="-3"))
    page = response.content.decode()
    assert response.status_code == 400
    assert "The date of the session must be today or in the past" in page
    assert "How many people came must be 0 or more" in page
    with scopes_disabled():
        assert not CommunityEngagement.objects.exists()


def test_who_may_use_the_log(practitioner, dpo, outsider_admin, admin_member, client_for):
    client_for(admin_member).post(NEW, form())
    with scopes_disabled():
        session = CommunityEngagement.objects.get()
    for member in (practitioner, dpo):
        assert client_for(member).get(LOG).status_code == 403
    other = client_for(outsider_admin)
    assert "Online safety evening" not in other.get(LOG).content.decode()
    assert other.get(reverse("evidence:engagement_edit", args=[session.pk])).status_code == 404
    assert other.get(reverse("evidence:engagement_edit", args=[999_999])).status_code == 404


def test_an_administrator_turns_sharing_on(admin_member, client_for, audit_rows):
    client = client_for(admin_member)
    assert "does not share its evidence base" in client.get(SHARING).content.decode()
    assert client.post(SHARING, {"opted_in": ""}).status_code == 400
    assert client.post(SHARING, {"opted_in": "yes"}).status_code == 302
    with scopes_disabled():
        assert EvidenceSharing.objects.get().opted_in
    assert "shares its evidence base" in client.get(SHARING).content.decode()
    assert audit_rows() == [("evidence.sharing.opted_in", "ada.admin")]


@pytest.mark.parametrize("persona", ["lead", "manager", "practitioner", "dpo"])
def test_only_an_administrator_sees_the_sharing_setting(persona, request, client_for):
    assert client_for(request.getfixturevalue(persona)).get(SHARING).status_code == 403
