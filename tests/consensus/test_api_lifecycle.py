"""submit/, return-to-draft/, sign-off/ and publish/: the whole journey through the API, and every refusal."""

import pytest
from django_scopes import scopes_disabled

from accounts.roles import Role
from consensus.models import ConsensusVersion, SignOff, VersionStatus

pytestmark = pytest.mark.django_db


def url(version, action):
    return f"/api/v1/consensus/versions/{version.pk}/{action}/"


def post(client, version, action, body=None):
    return client.post(url(version, action), body or {}, content_type="application/json")


def _status(version):
    with scopes_disabled():
        return ConsensusVersion.objects.get(pk=version.pk).status


def test_the_whole_journey(published, second_draft, client_for, lead, manager, admin_member, practitioner,
                           audit_rows):
    assert post(client_for(lead), second_draft, "submit").json()["status"] == "in_review"
    assert post(client_for(manager), second_draft, "sign-off", {"kind": "strategic"}).status_code == 200
    body = post(client_for(lead), second_draft, "sign-off", {"kind": "frontline"}).json()
    assert sorted(item["kind"] for item in body["sign_offs"]) == ["frontline", "strategic"]
    assert client_for(manager).get(f"/api/v1/consensus/versions/{second_draft.pk}/").json()["actions"] == [
        "return_to_draft", "publish"]

    response = post(client_for(manager), second_draft, "publish")

    assert response.status_code == 200 and response.json()["status"] == "published"
    assert (_status(published), _status(second_draft)) == (VersionStatus.SUPERSEDED, VersionStatus.PUBLISHED)
    assert client_for(practitioner).get("/api/v1/consensus/current/").json()["id"] == second_draft.pk
    assert audit_rows() == [
        ("consensus.version.submitted", "lee.lead"), ("consensus.version.signed_off", "max.manager"),
        ("consensus.version.signed_off", "lee.lead"), ("consensus.version.superseded", "max.manager"),
        ("consensus.version.published", "max.manager")]


def test_sign_off_rules(draft, client_for, lead, manager, practitioner, admin_member):
    assert post(client_for(lead), draft, "sign-off", {"kind": "frontline"}).status_code == 409  # still a draft
    post(client_for(lead), draft, "submit")
    assert post(client_for(lead), draft, "sign-off", {"kind": "strategic"}).status_code == 403
    assert post(client_for(practitioner), draft, "sign-off", {"kind": "frontline"}).status_code == 403
    assert post(client_for(admin_member), draft, "sign-off", {"kind": "strategic"}).status_code == 403
    bad = post(client_for(manager), draft, "sign-off", {"kind": "tactical"})
    assert bad.status_code == 400 and list(bad.json()["errors"]) == ["kind"]
    assert post(client_for(manager), draft, "sign-off", {"kind": "strategic"}).status_code == 200
    assert post(client_for(manager), draft, "sign-off", {"kind": "strategic"}).status_code == 409


def test_one_person_cannot_give_both_sign_offs(draft, client_for, lead):
    post(client_for(lead), draft, "submit")
    post(client_for(lead), draft, "sign-off", {"kind": "frontline"})
    with scopes_disabled():
        lead.role = Role.MANAGER
        lead.save(update_fields=["role"])

    response = post(client_for(lead), draft, "sign-off", {"kind": "strategic"})

    assert response.status_code == 400
    assert response.json()["errors"] == {"kind": [
        "You have already signed this version off. The other sign-off must come from someone else."]}
    with scopes_disabled():
        assert SignOff.objects.filter(version=draft).count() == 1


def test_publishing_needs_both_sign_offs_and_happens_once(draft, client_for, lead, manager):
    post(client_for(lead), draft, "submit")
    post(client_for(manager), draft, "sign-off", {"kind": "strategic"})
    response = post(client_for(manager), draft, "publish")
    assert response.status_code == 409 and "frontline sign-off" in response.json()["detail"]
    post(client_for(lead), draft, "sign-off", {"kind": "frontline"})
    assert post(client_for(lead), draft, "publish").status_code == 403
    assert post(client_for(manager), draft, "publish").status_code == 200
    assert post(client_for(manager), draft, "publish").status_code == 409


def test_return_to_draft_withdraws_sign_offs(draft, client_for, lead, manager, practitioner, audit_rows):
    post(client_for(lead), draft, "submit")
    post(client_for(manager), draft, "sign-off", {"kind": "strategic"})
    assert post(client_for(practitioner), draft, "return-to-draft").status_code == 403
    response = post(client_for(manager), draft, "return-to-draft", {"reason": "Needs a pathway for adults"})
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["sign_offs"]) == ("draft", [])
    assert post(client_for(manager), draft, "return-to-draft").status_code == 409
    assert audit_rows()[-1] == ("consensus.version.returned", "max.manager")


def test_a_published_version_is_never_changed_through_the_api(published, client_for, lead, manager,
                                                               admin_member):
    assert post(client_for(lead), published, "submit").status_code == 409
    assert post(client_for(manager), published, "sign-off", {"kind": "strategic"}).status_code == 409
    assert post(client_for(manager), published, "return-to-draft").status_code == 409
    assert client_for(admin_member).patch(f"/api/v1/consensus/versions/{published.pk}/", {"summary": "x"},
                                          content_type="application/json").status_code == 409
    assert _status(published) == VersionStatus.PUBLISHED


@pytest.mark.parametrize(("action", "persona", "stranger"), [
    ("submit", "lead", "away_admin"), ("sign-off", "manager", "outsider"), ("publish", "manager", "outsider"),
    ("return-to-draft", "manager", "outsider")])
def test_outsiders_and_missing_ids_get_404_and_get_is_405(draft, client_for, action, persona, stranger, request):
    member = request.getfixturevalue(persona)
    body = {"kind": "strategic"} if action == "sign-off" else {}
    assert post(client_for(request.getfixturevalue(stranger)), draft, action, body).status_code == 404
    missing = f"/api/v1/consensus/versions/999999/{action}/"
    assert client_for(member).post(missing, body, content_type="application/json").status_code == 404
    assert client_for(member).get(url(draft, action)).status_code == 405
    assert _status(draft) == VersionStatus.DRAFT
