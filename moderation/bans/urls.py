"""Bans: list, propose, detail; supervisors approve, reject and lift."""

from django.urls import path

from moderation.bans import views

urlpatterns = [
    path("bans/", views.ban_list, name="ban_list"),
    path("bans/propose/", views.ban_propose_view, name="ban_propose"),
    path("bans/<int:pk>/", views.ban_detail, name="ban_detail"),
    path("bans/<int:pk>/decide/", views.ban_decide, name="ban_decide"),
    path("bans/<int:pk>/lift/", views.ban_lift_view, name="ban_lift"),
]
