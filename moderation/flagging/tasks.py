"""The classification task: one per ingested batch (a task costs about a millisecond of broker
overhead, so never one per comment). Thin and idempotent: it loads the comments, builds the
RuleSet once, and writes flags only through `flags_raise`, which skips a flag already raised
on the same text. It never hides or removes anything: flags route comments to people."""

from __future__ import annotations

from celery import shared_task

from moderation.flagging.batch import comments_classify
from moderation.flagging.learned import learned_models_train
from stanton.celery import RETRY_POLICY


@shared_task(name="moderation.flagging.classify_comments", **RETRY_POLICY)
def classify_comments(comment_ids: list[int]) -> dict:
    return comments_classify(comment_ids=[int(pk) for pk in comment_ids])


@shared_task(name="moderation.flagging.train_learned_models", **RETRY_POLICY)
def train_learned_models() -> dict:
    """Run by beat every hour: train each category's model from the City's decisions once
    there are enough; a run with nothing new to learn from trains and records nothing."""
    return learned_models_train()
