"""Helpers for the flagging tests: the default rules (installed by migrations, and re-created
by tests/conftest.py after every transactional test's flush), comments made the way
ingestion stores them."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.utils import timezone

from moderation.flagging.defaults import DEFAULT_RULES
from moderation.flagging.rules import CompiledRule, RuleSet
from moderation.models import Comment, FlagRule, PublicAccount
from tests.factories import CommentFactory, PublicAccountFactory


def default_rules_ensure() -> FlagRule:
    """The first default rule (they are always present; see tests/conftest.py)."""
    rule = FlagRule.objects.order_by("pk").first()
    assert rule is not None, "the default flag rules are missing"
    return rule


def default_ruleset() -> RuleSet:
    """Today's default rules, compiled without the database (ids 1, 2, … in their order)."""
    return RuleSet.build(
        CompiledRule(
            id=i,
            category=r["category"],
            sub_reason=r["sub_reason"],
            name=r["name"],
            kind=r["kind"],
            parameters=r["parameters"],
        )
        for i, r in enumerate(DEFAULT_RULES, start=1)
    )


EVAL = Path(__file__).resolve().parents[2] / "fixtures" / "flagging_eval"


def floors_assert(
    path: Path, floors: dict[str, tuple[float, float]], *, max_clean_flagged: int | None = None
) -> dict:
    """Score a labelled file with `evaluate_flagging` on the rules the migrations installed and
    assert each category's (precision, recall) floor, and with `max_clean_flagged` at most that
    many flagged rows that have no category; the report, for further checks."""
    default_rules_ensure()
    out = StringIO()
    call_command("evaluate_flagging", str(path), "--json", stdout=out)
    report = json.loads(out.getvalue())
    for category, (precision, recall) in floors.items():
        measured = report["categories"][category]
        assert measured["precision"] >= precision, (path.name, category, measured)
        assert measured["recall"] >= recall, (path.name, category, measured)
    if max_clean_flagged is not None:
        assert report["flagged_rows_without_categories"] <= max_clean_flagged, path.name
    return report


def account_make(*, platform="facebook", legislative=False, handle=None) -> PublicAccount:
    return PublicAccountFactory(
        platform=platform,
        is_legislative_body_member=legislative,
        **({"handle": handle} if handle else {}),
    )


def comment_make(*, site, body: str, account=None, posted_at=None) -> Comment:
    """A stored comment as ingestion leaves it (tests/factories.py), with no City post: the
    flagger only needs the row."""
    return CommentFactory(
        site=site,
        post=None,
        account=account or account_make(),
        body=body,
        posted_at=posted_at or timezone.now(),
    )


def result(*, classified: int, flags: int, failed_ids=(), rules_skipped: int = 0) -> dict:
    """What `comments_classify` (and the classification task) returns."""
    return {
        "classified": classified,
        "flags": flags,
        "failed": len(failed_ids),
        "failed_ids": list(failed_ids),
        "rules_skipped": rules_skipped,
    }
