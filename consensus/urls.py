"""The agreement's pages, included under /agreement/ (names in the "consensus" namespace)."""

from django.urls import path, register_converter

from consensus.forms import PART_PAGES, PartPage
from consensus.views import agreement, lifecycle, parts, versions


class PartConverter:
    """A part's URL segment (``concern-types``) to its PartPage; any other segment is not a match (404)."""

    regex = "|".join(PART_PAGES)

    def to_python(self, value: str) -> PartPage:
        return PART_PAGES[value]

    def to_url(self, value: PartPage | str) -> str:
        return value.slug if isinstance(value, PartPage) else value


register_converter(PartConverter, "part")

app_name = "consensus"

urlpatterns = [
    path("", agreement.agreement, name="agreement"),
    path("versions/", versions.version_list, name="versions"),
    path("versions/start/", versions.version_start, name="version_start"),
    path("versions/<int:version_id>/", versions.version_detail, name="version"),
    path("versions/<int:version_id>/summary/", versions.version_summary, name="version_summary"),
    path("versions/<int:version_id>/timescales/", parts.timescales, name="timescales"),
    path("versions/<int:version_id>/send-for-sign-off/", lifecycle.version_submit, name="version_submit"),
    path("versions/<int:version_id>/sign-off/", lifecycle.version_sign_off, name="version_sign_off"),
    path("versions/<int:version_id>/return-to-draft/", lifecycle.version_return, name="version_return"),
    path("versions/<int:version_id>/publish/", lifecycle.version_publish, name="version_publish"),
    path("versions/<int:version_id>/discard/", lifecycle.version_discard, name="version_discard"),
    path("versions/<int:version_id>/<part:part>/", parts.part_list, name="part"),
    path("versions/<int:version_id>/<part:part>/add/", parts.part_add, name="part_add"),
    path("versions/<int:version_id>/<part:part>/<int:item_id>/", parts.part_change, name="part_change"),
    path("versions/<int:version_id>/<part:part>/<int:item_id>/delete/", parts.part_delete, name="part_delete"),
]
