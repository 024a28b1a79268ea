"""Reading one comment: the access helper every view uses and the context around it."""
