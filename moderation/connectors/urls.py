from django.urls import path

from moderation.connectors import views

urlpatterns = [
    path("platform-actions/", views.worklist, name="platform_worklist"),
    path("platform-actions/<int:pk>/done/", views.action_done, name="platform_action_done"),
    path("platform-actions/<int:pk>/retry/", views.action_retry, name="platform_action_retry"),
    path("sites/<slug:slug>/connection/", views.site_connection, name="site_connection"),
]
