"""What an audit event is about, in words, with a link to its page.

An event stores only `target_type` (a model label such as "moderation.comment") and
`target_id`. Each app that writes events registers, for each kind of target, a label ("Comment")
and a describer: a function from a list of ids to {id: Subject}, loading every id of the page in
one query. `subjects_for` then names a whole page of events in one query per kind present,
however many events there are (the audit log keeps a constant query count).

The audit app imports no other app: moderation and records register their own kinds from their
AppConfig.ready(), so the dependency direction (audit <- moderation <- records) holds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils.html import format_html
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class Subject:
    """`name` is markup built with format_html (platform text inside escaped and isolated),
    never marked safe from a raw string."""

    name: SafeString | str
    url: str | None = None
    # Further pages about the same thing, e.g. a comment's full history: (label, url).
    links: tuple[tuple[str, str], ...] = field(default=())


Describer = Callable[[list[str]], dict[str, Subject]]


@dataclass(frozen=True)
class SubjectKind:
    target_type: str
    label: str
    describe: Describer


_KINDS: dict[str, SubjectKind] = {}


def subject_kind(target_type: str, *, label: str) -> Callable[[Describer], Describer]:
    """Register the describer of one kind of target (decorator)."""

    def register(describe: Describer) -> Describer:
        _KINDS[target_type] = SubjectKind(target_type=target_type, label=label, describe=describe)
        return describe

    return register


def subject_kinds() -> list[SubjectKind]:
    """Every registered kind, by label: the log's "object type" filter."""
    return sorted(_KINDS.values(), key=lambda kind: kind.label)


def subject_label(target_type: str) -> str:
    kind = _KINDS.get(target_type)
    return kind.label if kind else target_type


def numeric_ids(ids: Iterable[str]) -> list[int]:
    """The ids a describer can look up (events about a model store its primary key)."""
    return sorted({int(i) for i in ids if str(i).isdigit()})


def _unnamed(target_type: str, target_id: str) -> Subject:
    """An object the describer did not find (or a kind nobody registered): its kind and id."""
    if not target_id:
        return Subject(name=subject_label(target_type))
    return Subject(name=format_html("{} #{}", subject_label(target_type), target_id))


def subjects_for(targets: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Subject]:
    """{(target_type, target_id): Subject} for every pair, one describer call per kind."""
    by_kind: dict[str, set[str]] = {}
    for target_type, target_id in targets:
        by_kind.setdefault(target_type, set()).add(target_id)
    found: dict[tuple[str, str], Subject] = {}
    for target_type, ids in by_kind.items():
        kind = _KINDS.get(target_type)
        described = kind.describe(sorted(ids)) if kind else {}
        for target_id in ids:
            found[(target_type, target_id)] = described.get(target_id) or _unnamed(
                target_type, target_id
            )
    return found
