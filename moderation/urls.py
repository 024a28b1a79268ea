from django.urls import path

from moderation import views_sites

app_name = "moderation"

urlpatterns = [
    path("sites/", views_sites.site_list, name="site_list"),
    path("sites/new/", views_sites.site_create, name="site_create"),
    path("sites/<slug:slug>/", views_sites.site_detail, name="site_detail"),
    path("sites/<slug:slug>/edit/", views_sites.site_edit, name="site_edit"),
    path(
        "sites/<slug:slug>/designations/<int:pk>/revoke/",
        views_sites.designation_revoke,
        name="designation_revoke",
    ),
]
