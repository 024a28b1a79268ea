"""Every write in the moderation app, one module per concern. Each service is atomic and
writes its AuditEvent in the same transaction (CONVENTIONS.md)."""

from moderation.services.bans import (  # noqa: F401
    BanRefused,
    ban_approve,
    ban_lift,
    ban_propose,
    ban_reject,
    bans_expire,
)
from moderation.services.claims import ClaimHeld, claim_release, claim_take  # noqa: F401
from moderation.services.decisions import (  # noqa: F401
    DecisionRefused,
    comment_decide,
    comments_decide_bulk,
)
from moderation.services.flag_rules import (  # noqa: F401
    flag_rule_create,
    flag_rule_set_active,
    flag_rule_update,
)
from moderation.services.reviews import ReviewRefused, decision_review  # noqa: F401
from moderation.services.sites import (  # noqa: F401
    designation_grant,
    designation_revoke,
    site_create,
    site_update,
)
