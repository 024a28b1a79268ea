"""Bans: a moderator proposes denial of access, a supervisor approves, rejects or lifts it."""
