"""The audit log pages: the filtered log, chain verification and a comment's full history."""
