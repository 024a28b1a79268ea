from django.urls import path

import moderation.views_tokens as views_tokens
from moderation import views_attachments, views_audit, views_bans, views_queue, views_sites

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
    path(
        "attachments/<int:pk>/",
        views_attachments.attachment_download,
        name="attachment_download",
    ),
    path("queue/", views_queue.queue, name="queue"),
    path("queue/bulk/", views_queue.queue_bulk, name="queue_bulk"),
    path("queue/<int:pk>/", views_queue.comment_detail, name="comment_detail"),
    path("queue/<int:pk>/raw/", views_queue.comment_raw, name="comment_raw"),
    path("queue/<int:pk>/decide/", views_queue.comment_decide_view, name="comment_decide"),
    path("queue/<int:pk>/release/", views_queue.comment_release, name="comment_release"),
]

# Bans, the audit log and decision review.
urlpatterns += [
    path("bans/", views_bans.ban_list, name="ban_list"),
    path("bans/propose/", views_bans.ban_propose_view, name="ban_propose"),
    path("bans/<int:pk>/", views_bans.ban_detail, name="ban_detail"),
    path("bans/<int:pk>/decide/", views_bans.ban_decide, name="ban_decide"),
    path("bans/<int:pk>/lift/", views_bans.ban_lift_view, name="ban_lift"),
    path("audit/", views_audit.audit_log, name="audit_log"),
    path("audit/verify/", views_audit.audit_verify, name="audit_verify"),
    path("audit/comment/<int:pk>/history/", views_audit.comment_history, name="comment_history"),
    path("reviews/", views_audit.review_list, name="review_list"),
    path("reviews/<int:pk>/", views_audit.review_decide, name="review_decide"),
]

# Flag rules: the public list (no sign-in) and the supervisors' pages.
from moderation import views_rules  # noqa: E402

urlpatterns += [
    path("rules/", views_rules.rules_public, name="rules_public"),
    path("rules/manage/", views_rules.rules_manage, name="rules_manage"),
    path("rules/manage/new/", views_rules.rules_create, name="rules_create"),
    path("rules/manage/<int:pk>/", views_rules.rules_edit, name="rules_edit"),
    path("rules/manage/<int:pk>/active/", views_rules.rules_set_active, name="rules_set_active"),
]

# API tokens for the ingestion API (administrators).
urlpatterns += [
    path("api-tokens/", views_tokens.api_token_list, name="api_token_list"),
    path("api-tokens/new/", views_tokens.api_token_create_view, name="api_token_create"),
    path(
        "api-tokens/<int:pk>/revoke/", views_tokens.api_token_revoke_view, name="api_token_revoke"
    ),
]
