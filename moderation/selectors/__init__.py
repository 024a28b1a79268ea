"""Reads shared by views, the API and tasks, one module per concern. The access helpers
(`get_<thing>_for_user`) are the only way a view obtains an object (DESIGN.md, invariant 5)."""

from moderation.selectors.audit import (  # noqa: F401
    get_comment_for_auditor,
    get_decision_for_reviewer,
)
from moderation.selectors.bans import (  # noqa: F401
    get_ban_for_user,
)
from moderation.selectors.comments import (  # noqa: F401
    comment_context,
    get_comment_for_user,
    policy_version_in_force,
)
from moderation.selectors.flag_rules import (  # noqa: F401
    flag_rules_for_management,
    flag_rules_published,
    get_flag_rule_for_supervisor,
)
from moderation.selectors.queue import queue_comments, queue_page  # noqa: F401
from moderation.selectors.sites import (  # noqa: F401
    designated_site_ids,
    get_designation_for_admin,
    get_site_for_admin,
    sites_for_user,
    sites_visible_to,
)
