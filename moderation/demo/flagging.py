"""Demo: run the automatic flagger over the demo comments that have no flags yet, through the
task function (eagerly, as the demo has no worker). Re-running adds nothing."""

from __future__ import annotations

from moderation.flagging.tasks import classify_comments
from moderation.models import Comment


def seed_flagging_demo(*, users, sites, stdout) -> None:
    ids = list(
        Comment.objects.filter(site__in=list(sites.values()), flags__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not ids:
        stdout.write("Automatic flagging: no unflagged demo comments.")
        return
    result = classify_comments(comment_ids=ids)
    stdout.write(
        f"Automatic flagging: classified {result['classified']} comment(s), "
        f"raised {result['flags']} flag(s)."
    )
