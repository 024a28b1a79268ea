"""The supervisors' dashboard and consistency checks, and the public transparency page."""

from django.urls import path

from moderation.supervision import views

urlpatterns = [
    path("supervision/", views.dashboard, name="supervision_dashboard"),
    path("supervision/export/<slug:table>.csv", views.dashboard_csv, name="supervision_csv"),
    path("supervision/consistency/", views.consistency_page, name="supervision_consistency"),
    path(
        "supervision/consistency/export/<slug:table>.csv",
        views.consistency_csv,
        name="supervision_consistency_csv",
    ),
    path("transparency/", views.transparency, name="transparency"),
    path("transparency/export/<slug:table>.csv", views.transparency_csv, name="transparency_csv"),
]
