from django.contrib import admin
from django.urls import include, path

from accounts.admin_site import PortalAdminSite
from moderation.ingest.webhooks import meta_webhook
from stanton import views

# Django admin signs nobody in itself: its login page forwards to the portal's sign-in (rate
# limit, lockout, TOTP, audit event) and it admits only verified staff sessions.
admin.site.__class__ = PortalAdminSite

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("accounts.urls")),
    path("records/", include("records.urls")),
    path("", include("moderation.urls")),
    path("api/", include("moderation.ingest.api.urls")),
    path("webhooks/meta/", meta_webhook, name="webhooks-meta"),
    path("django-admin/", admin.site.urls),
]
