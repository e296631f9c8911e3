from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django_otp.admin import OTPAdminSite
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts.views.home import home
from audit.api import AuditEventDetailApi, AuditEventListApi
from core import views as core_views
from evidence.api import EvidenceOutcomesApi

# Platform staff manage authorities and people in the Django admin, and only with an authenticator code.
admin.site.__class__ = OTPAdminSite
admin.site.site_header = "Threshold platform administration"
admin.site.site_title = "Threshold platform administration"

api_v1 = [
    path("audit/events/", AuditEventListApi.as_view(), name="audit-events"),
    path("audit/events/<int:event_id>/", AuditEventDetailApi.as_view(), name="audit-event"),
    path("cases/", include("cases.api.urls")),
    path("consensus/", include("consensus.api.urls")),
    path("dashboard/", include("reports.api_urls")),
    path("evidence/outcomes/", EvidenceOutcomesApi.as_view(), name="evidence-outcomes"),
    path("exports/", include("exports.api.urls")),
    path("referrals/", include("referrals.api.urls")),
]

urlpatterns = [
    path("", home, name="home"),
    path("", include("accounts.urls")),
    path("audit/", include("audit.urls")),
    path("agreement/", include("consensus.urls")),
    path("referrals/", include("referrals.urls")),
    path("cases/", include("cases.urls")),
    path("dashboard/", include("reports.urls")),
    path("evidence/", include("evidence.urls")),
    path("exports/", include("exports.urls")),
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("api/v1/", include((api_v1, "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path(settings.ADMIN_URL_PATH.strip("/") + "/", admin.site.urls),
]

handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
