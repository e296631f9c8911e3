"""API routes, included under /api/v1/consensus/ (names in the "api" namespace)."""

from django.urls import path

from consensus.api import views

urlpatterns = [
    path("current/", views.ConsensusCurrentApi.as_view(), name="consensus-current"),
    path("versions/", views.ConsensusVersionListApi.as_view(), name="consensus-versions"),
    path("versions/<int:version_id>/", views.ConsensusVersionDetailApi.as_view(), name="consensus-version"),
    path("versions/<int:version_id>/submit/", views.ConsensusVersionSubmitApi.as_view(),
         name="consensus-version-submit"),
    path("versions/<int:version_id>/return-to-draft/", views.ConsensusVersionReturnApi.as_view(),
         name="consensus-version-return"),
    path("versions/<int:version_id>/sign-off/", views.ConsensusVersionSignOffApi.as_view(),
         name="consensus-version-sign-off"),
    path("versions/<int:version_id>/publish/", views.ConsensusVersionPublishApi.as_view(),
         name="consensus-version-publish"),
    path("versions/<int:version_id>/compare/", views.ConsensusVersionCompareApi.as_view(),
         name="consensus-version-compare"),
]
