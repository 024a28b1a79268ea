"""The plain-item check (`_plain_comment_item`, moderation/ingest/schemas.py) gives what DRF's
serializer gives: the same `CommentItem` for every item it takes, and for every other item DRF
decides with its own messages. Compared here on the items of a connector and on each field
mutated to values DRF accepts and refuses."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from moderation.ingest import schemas
from moderation.ingest.schemas import ItemInvalid, parse_comment_item

BASE: dict[str, Any] = {
    "external_id": "1234567890_987654321",
    "post": {
        "external_id": "post-1",
        "body": "City update: street sweeping resumes Monday.",
        "permalink": "https://www.facebook.com/StantonCA/posts/1",
        "posted_at": "2026-03-01T16:00:00Z",
    },
    "parent_external_id": "1234567890_1",
    "author": {"external_id": "user-1", "handle": "resident1", "display_name": "Resident 1"},
    "body": "When does the pool open?",
    "posted_at": "2026-03-01T17:12:05-08:00",
    "permalink": "https://www.facebook.com/StantonCA/posts/1?comment_id=2",
    "platform_state": "visible",
    "edited_at": "2026-03-02T09:00:00+00:00",
}
TEXTS = ["", " ", "x", "  padded  ", "a" * 200, "a" * 201, None, 12, 1.5, True, [], {}, "é"]
TIMES = [
    "2026-03-01T17:12:05Z",
    "2026-03-01 17:12:05+01:00",
    " 2026-03-01T17:12:05Z ",
    "2026-03-01T17:12:05",
    "2026-13-01T17:12:05Z",
    "1989-12-31T23:59:59Z",
    "2200-12-31T23:59:59+00:00",
    "x" * 65,
    "",
    None,
    20260301,
]
URLS = [
    "https://example.com/a?b=c",
    "http://localhost:8000/",
    "javascript:alert(1)",
    "ftp://example.com/",
    "example.com",
    "https://" + "a" * 1000 + ".com",
    "",
    None,
    7,
]
MUTATIONS: dict[tuple[str, ...], list[Any]] = {
    ("external_id",): TEXTS,
    ("parent_external_id",): TEXTS,
    ("body",): [*TEXTS, "b" * 100_001],
    ("posted_at",): TIMES,
    ("edited_at",): TIMES,
    ("permalink",): URLS,
    ("platform_state",): ["visible", "hidden", "removed", "deleted", "", "VISIBLE", None, 1],
    ("author",): [None, "user-1", [], {}, {"external_id": "u"}, {"external_id": "u", "x": 1}],
    ("author", "external_id"): TEXTS,
    ("author", "handle"): [*TEXTS, "h" * 201],
    ("author", "display_name"): [*TEXTS, "d" * 301],
    ("post",): [None, "post-1", [], {}, {"external_id": "p"}, {"external_id": "p", "y": 2}],
    ("post", "external_id"): TEXTS,
    ("post", "body"): [*TEXTS, "b" * 100_001],
    ("post", "permalink"): URLS,
    ("post", "posted_at"): TIMES,
    ("attachments",): [[], [{"url": "https://cdn.example.com/a.jpg"}], None],
    ("unknown_key",): ["ignored", None],
}
MISSING = object()


def _mutated(path: tuple[str, ...], value: Any) -> dict[str, Any]:
    item = {k: dict(v) if isinstance(v, dict) else v for k, v in BASE.items()}
    where = item
    for key in path[:-1]:
        where = where[key]
    if value is MISSING:
        where.pop(path[-1], None)
    else:
        where[path[-1]] = value
    return item


def _cases() -> list[dict[str, Any]]:
    cases = [BASE]
    for path, values in MUTATIONS.items():
        cases += [_mutated(path, v) for v in [*values, MISSING]]
    # Two fields at once, so a check that looks only at the first problem is caught too.
    for (p1, v1), (p2, v2) in itertools.combinations(
        [(("body",), ""), (("post",), None), (("permalink",), ""), (("edited_at",), None)], 2
    ):
        item = _mutated(p1, v1)
        item[p2[0]] = v2
        cases.append(item)
    return cases


def _outcome(item: dict[str, Any]):
    try:
        return parse_comment_item(item)
    except ItemInvalid as exc:
        return ("invalid", exc.reason, exc.errors)


@pytest.mark.parametrize("item", _cases())
def test_the_plain_check_gives_what_drf_gives(item, monkeypatch):
    plain = _outcome(item)
    monkeypatch.setattr(schemas, "_plain_comment_item", lambda data: None)
    assert plain == _outcome(item)


def test_a_connectors_item_is_taken_without_drf():
    assert schemas._plain_comment_item(BASE) is not None
    assert schemas._plain_comment_item({**BASE, "attachments": []}) is None
    assert schemas._plain_comment_item({**BASE, "body": None}) is None
