"""Supervision: the supervisors' dashboard, consistency checks and the public transparency page."""
