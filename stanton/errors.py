"""The one exception a service raises when the rules refuse an action, in every app.

It lives beside `stanton.forms` (the project's shared bases, below every app), so `accounts`,
`moderation` and `records` all raise and catch the same thing without importing each other.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models


class ActionRefused(ValidationError):
    """An action the rules do not allow: who may act, on what, in which state. The message
    is written for the person acting; a view shows it as it is (`str(exc)`) or hands it to
    its form (`form.add_error(None, exc)`). Built from a dict, it names the fields at fault.

    A ValidationError, so a form takes it as one; its `str` is the plain message.
    Subclass it only where a caller must tell one refusal from another (`ClaimHeld`)."""

    def __str__(self) -> str:
        return " ".join(self.messages)


def refuse_unless_valid(instance: models.Model, **kwargs) -> None:
    """`instance.full_clean(**kwargs)`, refusing as every other rule does: a service's last
    check on a row speaks the same exception as its other checks."""
    try:
        instance.full_clean(**kwargs)
    except ActionRefused:
        raise
    except ValidationError as exc:
        raise ActionRefused(exc.error_dict if hasattr(exc, "error_dict") else exc.messages) from exc
