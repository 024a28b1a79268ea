from django.contrib import admin
from django.urls import include, path

from stanton import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("accounts.urls")),
    path("", include("moderation.urls")),
    path("django-admin/", admin.site.urls),
]
