"""Sites and their designations (administrators)."""

from django.urls import path

from moderation.sites import views

urlpatterns = [
    path("sites/", views.site_list, name="site_list"),
    path("sites/new/", views.site_create, name="site_create"),
    path("sites/<slug:slug>/", views.site_detail, name="site_detail"),
    path("sites/<slug:slug>/edit/", views.site_edit, name="site_edit"),
    path(
        "sites/<slug:slug>/designations/<int:pk>/revoke/",
        views.designation_revoke,
        name="designation_revoke",
    ),
]
