"""The moderation queue: the list, claims, one comment's page and the decisions taken on it."""
