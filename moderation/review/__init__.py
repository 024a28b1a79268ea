"""Supervisors' review of decisions: the sample to review, upholding and overturning."""
