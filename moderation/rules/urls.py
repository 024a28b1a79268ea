"""Flag rules: the public list (no sign-in) and the supervisors' pages."""

from django.urls import path

from moderation.rules import views

urlpatterns = [
    path("rules/", views.rules_public, name="rules_public"),
    path("rules/manage/", views.rules_manage, name="rules_manage"),
    path("rules/manage/new/", views.rules_create, name="rules_create"),
    path("rules/manage/<int:pk>/", views.rules_edit, name="rules_edit"),
    path("rules/manage/<int:pk>/active/", views.rules_set_active, name="rules_set_active"),
    path("rules/learned/", views.rules_learned, name="rules_learned"),
    path("rules/learned/<slug:code>/", views.rules_learned_history, name="rules_learned_history"),
]
