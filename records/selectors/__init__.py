"""Reads for the records app. Access helpers live in `records.selectors.access`."""
