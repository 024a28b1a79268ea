"""The audit log, its chain verification, and a comment's full history."""

from django.urls import path

from moderation.auditlog import views

urlpatterns = [
    path("audit/", views.audit_log, name="audit_log"),
    path("audit/verify/", views.audit_verify, name="audit_verify"),
    path("audit/comment/<int:pk>/history/", views.comment_history, name="comment_history"),
]
