"""Every write in the moderation app, one module per concern. Each service is atomic and
writes its AuditEvent in the same transaction (CONVENTIONS.md)."""

from moderation.services.sites import (  # noqa: F401
    designation_grant,
    designation_revoke,
    site_create,
    site_update,
)
