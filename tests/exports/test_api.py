"""The exports API: ask (202), follow, download; field errors; other people's and authorities' jobs are 404."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from accounts.services import api_token_create
from exports.models import ExportJob

pytestmark = pytest.mark.django_db
URL = reverse("api:exports")


def _ask(client, capture, **body):
    today = timezone.localdate().isoformat()
    body = body or {"kind": "audit_trail_csv", "params": {"from": today, "to": today}}
    with capture(execute=True):
        return client.post(URL, body, content_type="application/json")


def test_ask_follow_and_download_with_a_token(manager, client, django_capture_on_commit_callbacks, audit_rows):
    _, secret = api_token_create(membership=manager, name="script", days=1, actor=None, mfa_verified=False)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    today = timezone.localdate().isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"kind": "audit_trail_pdf", "params": {"from": today, "to": today}},
                               content_type="application/json", **auth)
    assert response.status_code == 202, response.json()
    job = response.json()
    assert response["Location"].endswith(f"/api/v1/exports/{job['id']}/")
    followed = client.get(response["Location"], **auth).json()
    assert (followed["status"], followed["progress"]) == ("done", 100)
    download = client.get(followed["download"], **auth)
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF-")
    assert download["Content-Disposition"] == f'attachment; filename="{followed["file_name"]}"'
    assert ("exports.file.downloaded", "max.manager") in audit_rows()
    listed = client.get(URL, **auth).json()
    assert [item["id"] for item in listed["results"]] == [job["id"]]


@pytest.mark.parametrize(("body", "field"), [
    ({"kind": "not_a_kind"}, "kind"),
    ({"kind": "audit_trail_csv", "params": {"from": "2026-03-02", "to": "2026-03-01"}}, "to"),
    ({"kind": "audit_trail_csv", "params": "yesterday"}, "params"),
])
def test_bad_input_is_400_with_field_errors_and_writes_nothing(manager, client_for,
                                                               django_capture_on_commit_callbacks, body, field):
    response = _ask(client_for(manager), django_capture_on_commit_callbacks, **body)
    assert response.status_code == 400 and field in response.json()["errors"], response.json()
    with scopes_disabled():
        assert not ExportJob.objects.exists()


@pytest.mark.parametrize("persona", ["practitioner", "lead", "admin_member"])
def test_roles_without_the_export_are_403(persona, request, client_for, django_capture_on_commit_callbacks):
    assert _ask(client_for(request.getfixturevalue(persona)), django_capture_on_commit_callbacks).status_code == 403


def test_someone_elses_and_another_authoritys_jobs_are_404_and_expired_is_410(
        manager, dpo, outsider, client_for, django_capture_on_commit_callbacks):
    job = _ask(client_for(manager), django_capture_on_commit_callbacks).json()
    for member in (dpo, outsider):
        client = client_for(member)
        assert client.get(reverse("api:export", args=[job["id"]])).status_code == 404
        assert client.get(reverse("api:export-download", args=[job["id"]])).status_code == 404
        assert client.get(URL).json()["results"] == []
    with scopes_disabled():
        ExportJob.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = client_for(manager).get(reverse("api:export-download", args=[job["id"]]))
    assert response.status_code == 410 and response.json()["code"] == "expired"


def test_the_list_runs_a_fixed_number_of_queries(manager, client_for, django_capture_on_commit_callbacks):
    client = client_for(manager)
    _ask(client, django_capture_on_commit_callbacks)
    client.get(URL)
    with CaptureQueriesContext(connection) as one:
        client.get(URL)
    for _ in range(4):
        _ask(client, django_capture_on_commit_callbacks)
    with CaptureQueriesContext(connection) as five:
        assert len(client.get(URL).json()["results"]) == 5
    assert len(five) == len(one)


def test_downloading_before_the_file_is_ready_is_409(manager, client_for):
    today = timezone.localdate().isoformat()
    client = client_for(manager)
    job = client.post(URL, {"kind": "audit_trail_csv", "params": {"from": today, "to": today}},
                      content_type="application/json").json()  # no commit callbacks: it stays queued
    response = client.get(reverse("api:export-download", args=[job["id"]]))
    assert response.status_code == 409 and response.json()["detail"] == "This export is not ready yet."
