from django.urls import path

from moderation.policy import views

urlpatterns = [
    path("policy/", views.policy_public, name="policy_public"),
    path("policy/<int:pk>/", views.policy_public_version, name="policy_public_version"),
    path("policy-versions/", views.policy_version_list, name="policy_version_list"),
]
