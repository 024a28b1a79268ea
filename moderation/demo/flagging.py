"""Demo: once the demo moderators have decided the older comments (moderation/demo/queue.py),
train the classifier learned from those decisions through its beat task, then flag the new
comments (the last two days) through the classification task, with the rules and whatever
models met their precision floor. Both run in-process, as the demo runs every task. Re-running
adds nothing: no new decision, no new training; the same comments, the same flags."""

from __future__ import annotations

from moderation.demo.queue import NEW_PREFIX, demo_comment_ids
from moderation.flagging.tasks import classify_comments, train_learned_models
from moderation.models import Comment, LearnedModel, QueueState


def seed_flagging_demo(*, users, sites, stdout) -> None:
    outcomes = train_learned_models()
    for code, outcome in sorted(outcomes.items()):
        if not outcome.startswith("not trained"):
            stdout.write(f"  learned classifier, {code}: {outcome}")
    in_use = LearnedModel.objects.filter(activated=True).values("category").distinct().count()
    ids = demo_comment_ids(NEW_PREFIX)
    result = classify_comments(comment_ids=ids) if ids else {"classified": 0, "flags": 0}
    stdout.write(
        f"Automatic flagging of the new comments: {result['classified']} classified, "
        f"{result['flags']} new flag(s) (rules and {in_use} learned model(s) in use); "
        f"{Comment.objects.exclude(queue_state=QueueState.NONE).count()} comments in the queue."
    )
