"""Rationale templates, filled in or not offered, and where a decision's rationale came from.

A rationale is what a person wrote or accepted (invariant 3). Each policy category carries
an editable template with placeholders (`{evidence}`, `{category}`, `{rule}`,
`{sub_reason}`, `{details}`). A template is offered for a comment only when every one of its
placeholders can be filled from what the comment's open flags show; otherwise the moderator
writes the rationale. A keep gets its own neutral wording, never a violation template. And
the service refuses any rationale that still holds a blank (`[evidence]`, `{details}`), so a
template nobody completed never reaches the audit log or a disclosure package.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from string import Formatter

from moderation.models import Comment, Flag, PolicyCategory, RationaleSource

# The wording a keep is offered: it says a person looked and found no category applies.
KEEP_RATIONALE = "Reviewed against the policy: no category applies, so the comment stays up."
KEEP_CODE = "keep"
# Placeholder names templates use, plus any a template edited in the portal adds (read from
# the category rows when checking).
KNOWN_PLACEHOLDERS = frozenset({"evidence", "category", "rule", "sub_reason", "details"})
EVIDENCE_LIMIT = 200
SUB_REASON_WORDS = {
    "spam": "spam",
    "unintelligible": "unintelligible",
    "repetitive": "repetitive",
    "lengthy": "unduly lengthy",
    "off_topic": "off-topic",
}
# How close an edited text must stay to the template it started from to count as "edited"
# rather than written afresh (difflib's ratio; 1.0 is identical).
EDITED_SIMILARITY = 0.5


def placeholder_names(template: str) -> set[str]:
    """The `{name}` fields of a template; a malformed one counts as a blank named by its text."""
    try:
        return {name for _lit, name, _spec, _conv in Formatter().parse(template) if name}
    except ValueError:
        return {"malformed"}


def fill_template(template: str, values: dict[str, str]) -> str | None:
    """The template with every placeholder filled from `values`, or None when one cannot be
    (then the template is not offered). Only plain `{name}` fields: a template is staff text,
    not a format program."""
    try:
        fields = list(Formatter().parse(template))
    except ValueError:
        return None
    parts: list[str] = []
    for literal, name, spec, conv in fields:
        parts.append(literal)
        if name is None:
            continue
        if spec or conv or not values.get(name):
            return None
        parts.append(values[name])
    return "".join(parts)


def _evidence_quote(flag: Flag) -> str:
    spans = (flag.evidence or {}).get("spans") or []
    for span in spans:
        if isinstance(span, dict) and isinstance(span.get("text"), str) and span["text"].strip():
            return span["text"].strip()[:EVIDENCE_LIMIT]
    return ""


def _values(category: PolicyCategory, flag: Flag | None) -> dict[str, str]:
    values = {"category": category.name}
    if flag is not None:
        values["evidence"] = _evidence_quote(flag)
        if flag.rule_id and flag.rule is not None:
            values["rule"] = flag.rule.name
        elif flag.detector:
            values["rule"] = flag.detector
        if flag.sub_reason:
            values["sub_reason"] = SUB_REASON_WORDS.get(flag.sub_reason, flag.sub_reason)
    return values


def offered_templates(
    categories: Iterable[PolicyCategory], open_flags: Iterable[Flag]
) -> dict[str, str]:
    """{category code: filled template} for the categories whose template can be completed
    from this comment's open flags (the first, strongest flag of that category), plus the
    keep wording under "keep"."""
    first_flag: dict[int, Flag] = {}
    for flag in open_flags:
        first_flag.setdefault(flag.category_id, flag)
    offered: dict[str, str] = {}
    for category in categories:
        if not category.rationale_template:
            continue
        values = _values(category, first_flag.get(category.pk))
        text = fill_template(category.rationale_template, values)
        if text:
            offered[category.code] = text
    offered[KEEP_CODE] = KEEP_RATIONALE
    return offered


def strongest_first(flags: Iterable[Flag]) -> list[Flag]:
    """Open flags in the order the queue weighs them: the category's priority, then score."""
    return sorted(flags, key=lambda f: (-f.category.queue_priority, -f.score, f.pk))


def offered_for(comment: Comment) -> tuple[dict[str, str], set[str]]:
    """The templates `comment` is offered now (two queries), and every placeholder name the
    categories' templates use (a template edited in the portal may add one)."""
    categories = list(PolicyCategory.objects.order_by("position", "code"))
    flags = Flag.objects.filter(comment=comment, status=Flag.Status.OPEN).select_related(
        "category", "rule"
    )
    names = {n for c in categories for n in placeholder_names(c.rationale_template)}
    return offered_templates(categories, strongest_first(flags)), names


def _normal(text: str) -> str:
    return " ".join((text or "").split())


def rationale_source(rationale: str, *, offered: dict[str, str], started_from: str = "") -> str:
    """Where the rationale came from: empty; exactly an offered template (whitespace aside);
    a template the moderator edited (`started_from` names the template the field held, and
    the text still resembles it); or the moderator's own words."""
    text = _normal(rationale)
    if not text:
        return RationaleSource.NONE
    if any(text == _normal(t) for t in offered.values()):
        return RationaleSource.TEMPLATE
    origin = offered.get(started_from)
    if origin:
        ratio = difflib.SequenceMatcher(None, _normal(origin), text).ratio()
        if ratio >= EDITED_SIMILARITY:
            return RationaleSource.TEMPLATE_EDITED
    return RationaleSource.WRITTEN


def matching_template(rationale: str, offered: dict[str, str]) -> str:
    """The code of the offered template the rationale is, unedited ("" when none)."""
    text = _normal(rationale)
    for code, template in offered.items():
        if text and text == _normal(template):
            return code
    return ""


@dataclass(frozen=True)
class Blank:
    text: str


def unfilled_blank(rationale: str, extra_names: Iterable[str] = ()) -> Blank | None:
    """The first placeholder left in the rationale, `{name}` or `[name]`, for a name templates
    use: such a rationale was never completed by a person."""
    names = sorted(set(KNOWN_PLACEHOLDERS) | set(extra_names))
    pattern = re.compile(
        r"[\[{]\s*(?:" + "|".join(re.escape(n) for n in names) + r")\s*[\]}]", re.IGNORECASE
    )
    found = pattern.search(rationale or "")
    return Blank(found.group(0)) if found else None
