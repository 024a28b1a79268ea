from django.contrib import admin
from django.urls import include, path

from moderation.ingest.webhooks import meta_webhook
from stanton import views

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
