import pytest
import yaml
from django.test import Client

pytestmark = pytest.mark.django_db
EVENTS = "/api/v1/audit/events/"


def test_anonymous_request_is_401_in_the_error_format(db):
    response = Client().get(EVENTS)
    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication credentials were not provided.",
                               "code": "not_authenticated"}


def test_wrong_role_is_403(practitioner, client_for):
    response = client_for(practitioner).get(EVENTS)
    assert response.status_code == 403
    assert response.json() == {"detail": "Your role does not allow this.", "code": "permission_denied"}


def test_member_without_active_membership_is_refused(practitioner, client_for, admin_member):
    from django_scopes import scopes_disabled

    from accounts.services import membership_update

    client = client_for(practitioner)
    with scopes_disabled():
        membership_update(membership=practitioner, role=practitioner.role, team=None, is_active=False,
                          actor_membership=admin_member)
    assert client.get(EVENTS).status_code == 403


def test_unknown_api_path_is_404(manager, client_for):
    assert client_for(manager).get("/api/v1/nothing-here/").status_code == 404


def test_session_writes_need_csrf(manager):
    from tests.conftest import signed_in_client

    client = signed_in_client(manager)
    client.handler.enforce_csrf_checks = True
    response = client.post(EVENTS, data="{}", content_type="application/json")
    assert response.status_code in (403, 405)


def test_schema_is_openapi_3_and_lists_the_api(db):
    response = Client().get("/api/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/audit/events/" in schema["paths"]
    assert schema["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    assert {"bearerAuth": []} in schema["paths"]["/api/v1/audit/events/"]["get"]["security"]


def test_docs_page_serves_local_assets_only(db):
    response = Client().get("/api/docs/")
    assert response.status_code == 200
    assert "cdn" not in response.text.lower()
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_every_page_has_a_strict_csp_and_request_id(db):
    response = Client().get("/sign-in/", HTTP_X_REQUEST_ID="abc12345-trace")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert response["X-Request-ID"] == "abc12345-trace"
    assert response["X-Frame-Options"] == "DENY"
    bad = Client().get("/sign-in/", HTTP_X_REQUEST_ID="<script>")
    assert bad["X-Request-ID"] != "<script>" and len(bad["X-Request-ID"]) == 32
