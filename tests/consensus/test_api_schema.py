"""The agreement's endpoints are in the OpenAPI schema, generated without warnings, and the schema keeps the
same refusals as the endpoints themselves."""

import pytest
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator

pytestmark = pytest.mark.django_db

PATHS = {
    "/api/v1/consensus/current/": {"get"},
    "/api/v1/consensus/versions/": {"get", "post"},
    "/api/v1/consensus/versions/{version_id}/": {"get", "patch", "delete"},
    "/api/v1/consensus/versions/{version_id}/submit/": {"post"},
    "/api/v1/consensus/versions/{version_id}/return-to-draft/": {"post"},
    "/api/v1/consensus/versions/{version_id}/sign-off/": {"post"},
    "/api/v1/consensus/versions/{version_id}/publish/": {"post"},
    "/api/v1/consensus/versions/{version_id}/compare/": {"get"},
}


def test_every_consensus_operation_is_in_the_schema_without_warnings():
    GENERATOR_STATS.reset()
    schema = SchemaGenerator(patterns=None).get_schema(request=None, public=True)
    consensus = {path: set(operations) & {"get", "post", "patch", "delete", "put"}
                 for path, operations in schema["paths"].items() if "/consensus/" in path}
    assert consensus == PATHS
    assert not [message for message in GENERATOR_STATS._warn_cache if "consensus" in message.lower()]
    patch = schema["components"]["schemas"]["PatchedVersionUpdateInput"]["properties"]
    assert {"summary", "timescales", "pathways", "responsibilities", "rating_levels"} <= set(patch)


def test_the_documented_refusals_hold(second_draft, client_for, outsider, practitioner):
    assert client_for(outsider).get(f"/api/v1/consensus/versions/{second_draft.pk}/").status_code == 404
    assert client_for(practitioner).patch(f"/api/v1/consensus/versions/{second_draft.pk}/", {"summary": "x"},
                                          content_type="application/json").status_code == 403
