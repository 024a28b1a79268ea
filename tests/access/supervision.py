"""Supervision: the dashboard and consistency checks are for supervisors (their own sites'
figures); the transparency page and its CSVs are public."""

from tests.access.common import PUBLIC, expect

SUPERVISORS = expect(403, anonymous="login", supervisor=200)

EXPECTATIONS = {
    "moderation:supervision_dashboard": ({}, SUPERVISORS),
    "moderation:supervision_csv": ({"table": "moderators"}, SUPERVISORS),
    "moderation:supervision_consistency": ({}, SUPERVISORS),
    "moderation:supervision_consistency_csv": ({"table": "removal-rates"}, SUPERVISORS),
    "moderation:transparency": ({}, PUBLIC),
    "moderation:transparency_csv": ({"table": "by-site"}, PUBLIC),
}
