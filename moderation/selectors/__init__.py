"""Reads shared by views, the API and tasks, one module per concern. The access helpers
(`get_<thing>_for_user`) are the only way a view obtains an object (DESIGN.md, invariant 5)."""

from moderation.selectors.sites import (  # noqa: F401
    designated_site_ids,
    get_designation_for_admin,
    get_site_for_admin,
    sites_for_user,
    sites_visible_to,
)
