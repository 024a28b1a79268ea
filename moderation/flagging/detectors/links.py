"""Links: domains on a list (FlagRule kind `link_domains`: adult sites, URL shorteners, shops)
and link-heavy comments (detector `link_spam`). Links are read, never followed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from moderation.flagging.document import Document
from moderation.flagging.rules import LINK_DOMAINS
from moderation.flagging.services import FlagCandidate

TLDS = (
    "com|net|org|gov|edu|io|co|ly|gl|gd|to|me|tv|xxx|info|biz|us|gg|app|link|site|online|shop|"
    "store|xyz|club|live|ee|at|cc|id|in|uk|ca|de|ru|cn|sex|porn|adult|cam|top|vip|win|bid"
)
URL = re.compile(
    rf"(?:https?://|www\.)[^\s<>\"'()\[\]{{}}]+"
    rf"|(?<![@\w.])(?:[a-z0-9](?:[a-z0-9-]{{0,61}}[a-z0-9])?\.)+(?:{TLDS})\b(?:/[^\s<>\"'()]*)?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Link:
    start: int
    end: int
    host: str


def find_links(text: str) -> list[Link]:
    links = []
    for match in URL.finditer(text):
        raw = match.group().rstrip(".,;:!?")
        target = raw if "://" in raw else f"http://{raw}"
        try:
            host = (urlsplit(target).hostname or "").lower().rstrip(".")
        except ValueError:
            continue
        if host.startswith("www."):
            host = host[4:]
        if host and "." in host:
            links.append(Link(match.start(), match.start() + len(raw), host))
    return links


def host_matches(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


def _links(doc: Document) -> list[Link]:
    cached = getattr(doc, "_links", None)
    if cached is None:
        cached = doc._links = find_links(doc.text)
    return cached


def links_of(doc: Document) -> list[Link]:
    return _links(doc)


def detect_link_domains(doc: Document) -> list[FlagCandidate]:
    links = _links(doc)
    if not links or not doc.rules.domains:
        return []
    per_rule: dict[int, list[Link]] = {}
    for link in links:
        labels = link.host.split(".")
        for i in range(len(labels) - 1):
            for index in doc.rules.domains.get(".".join(labels[i:]), ()):
                per_rule.setdefault(index, []).append(link)
    candidates = []
    for index, found in per_rule.items():
        rule = doc.rules.rules[index]
        if rule.kind != LINK_DOMAINS or not rule.applies_to(doc.context.site_id):
            continue
        hosts = ", ".join(sorted({link.host for link in found}))
        candidates.append(
            FlagCandidate(
                category=rule.category,
                sub_reason=rule.sub_reason,
                detector="link_domains",
                score=rule.score,
                explanation=f"Links to {hosts}, on the list “{rule.name}”.",
                spans=doc.spans((link.start, link.end) for link in found),
                rule_id=rule.id,
            )
        )
    return candidates


def detect_link_spam(doc: Document) -> list[FlagCandidate]:
    rule = doc.rules.detector_rule("link_spam", doc.context.site_id)
    if rule is None:
        return []
    allowed = rule.settings.allow_domains
    links = [
        link
        for link in _links(doc)
        if not any(host_matches(link.host, domain) for domain in allowed)
    ]
    minimum = rule.settings.min_links
    if len(links) < minimum:
        return []
    return [
        FlagCandidate(
            category=rule.category,
            sub_reason=rule.sub_reason or "spam",
            detector="link_spam",
            score=min(0.95, 0.7 + 0.05 * (len(links) - minimum)),
            explanation=f"{len(links)} links in one comment (the rule “{rule.name}” flags "
            f"{minimum} or more).",
            spans=doc.spans((link.start, link.end) for link in links),
            rule_id=rule.id,
        )
    ]
