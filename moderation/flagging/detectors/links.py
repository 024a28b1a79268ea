"""Links: domains on a list (FlagRule kind `link_domains`: adult sites, URL shorteners, shops)
and link-heavy comments (detector `link_spam`). Links are read, never followed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

from moderation.flagging.detectors.personal import WEBMAIL
from moderation.flagging.document import Document
from moderation.flagging.rules import LINK_DOMAINS
from moderation.flagging.services import FlagCandidate

# Bare domains (no scheme, no "www.") count only with one of these endings: "thanks.It was"
# and "ok.so" are sentences with a missing space, not links.
BARE_SUFFIXES = frozenset(
    [
        "com",
        "net",
        "org",
        "info",
        "biz",
        "io",
        "co",
        "ly",
        "gl",
        "gd",
        "to",
        "me",
        "tv",
        "xxx",
        "us",
        "gg",
        "app",
        "link",
        "site",
        "online",
        "shop",
        "store",
        "xyz",
        "club",
        "live",
        "ee",
        "cc",
        "in",
        "uk",
        "co.uk",
        "org.uk",
        "ca",
        "de",
        "ru",
        "cn",
        "sex",
        "porn",
        "adult",
        "cam",
        "top",
        "vip",
        "win",
        "bid",
        "work",
        "pro",
        "bet",
        "casino",
        "loan",
        "click",
        "icu",
        "buzz",
        "fun",
        "space",
        "website",
        "tech",
        "life",
        "world",
        "today",
        "news",
        "blog",
        "page",
        # 0035: endings of dating and chat sites ("chatnow.love")
        "love",
        "dating",
        "date",
        "chat",
        "lol",
        "pics",
        "men",
        "social",
        "gov",
        "edu",
        "tk",
        "ml",
        "ga",
        "cf",
        "gq",
        "ws",
        "su",
        "pw",
        "mobi",
        "name",
        "cloud",
        "email",
        "digital",
        "money",
        "cash",
        "market",
        "deals",
        "sale",
        "gift",
        "plus",
        "best",
        "rocks",
        "lol",
        "wtf",
        "ai",
        "au",
        "nz",
        "ng",
        "za",
    ]
)
# "mysite dot com", "mysite (dot) net", "discord gg/abc": a domain spelled out to dodge
# link filters is a link.
# The spaces around "dot" are bounded (a few): unbounded runs on both sides of it let a long
# run of spaces be split every way at every word (quadratic, seconds on one comment).
SPELLED_DOMAIN = re.compile(
    r"\b([a-z0-9][a-z0-9-]{1,62})\s{0,3}(?:\(dot\)|\[dot\]|\{dot\}|\s{1,3}dot\s{1,3}|"
    r"\s{0,3}\(\.\)\s{0,3}|\s{1,3}\.\s{0,3})\s{0,3}"
    r"(com|net|org|info|biz|io|co|xyz|online|site|club|shop|me|tv|gg|ru|uk|us|top|live)\b"
    r"|\bdiscord\s{0,3}\.?\s{0,3}gg\s{0,3}/\s{0,3}[a-z0-9]+",
    re.IGNORECASE,
)
# A YouTube video's address without its domain ("watch?v=ZZ3k9QpLmA0"): a link to a video.
VIDEO_PATH = re.compile(r"(?<![\w/.])watch\?v=[\w-]{11}(?![\w-])")
# What ends the local part of a written-out e-mail address, just before its domain.
SPELT_AT = re.compile(r"(?:\s+at|\(at\)|\[at\]|\{at\}|@)\s{0,3}$", re.IGNORECASE)
NOT_A_NAME = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "that",
        "dot",
        "any",
        "every",
        "his",
        "her",
        "my",
        "your",
        "our",
        "their",
        # " .net" after a word that is no name: "we use .net", "switched to .net"
        "use",
        "to",
        "in",
        "on",
        "and",
        "or",
        "with",
        "no",
        "of",
        "for",
        "is",
        "not",
    ]
)


@dataclass(frozen=True)
class Link:
    start: int
    end: int
    host: str
    domain: str = ""  # the registered domain (tldextract): "blogspot.com", "ca.gov"
    suffix: str = ""  # the public suffix: "com", "ca.gov", "co.uk"


@cache
def _extractors():
    """urlextract and tldextract, built once, offline: urlextract reads the TLD list shipped
    in its package (it downloads only when `update()` is called, which nothing here does);
    tldextract reads its bundled Public Suffix List snapshot (no URLs to fetch, no cache)."""
    import tldextract
    import urlextract

    finder = urlextract.URLExtract(
        extract_email=False, cache_dns=False, extract_localhost=False, limit=200
    )
    splitter = tldextract.TLDExtract(cache_dir=None, suffix_list_urls=(), fallback_to_snapshot=True)
    return finder, splitter


# Hosts that are links whatever their suffix once a path follows ("youtu.be/xK3p9",
# "t.me/group", "linktr.ee/name"): nobody writes them as anything else.
BARE_PATH_HOSTS = frozenset(
    (
        "youtu.be",
        "youtube.com",
        "m.youtube.com",
        "bit.ly",
        "t.co",
        "tinyurl.com",
        "tiktok.com",
        "vm.tiktok.com",
        "discord.gg",
        "t.me",
        "linktr.ee",
        "wa.me",
        "onlyfans.com",
        "twitch.tv",
        "instagram.com",
        "soundcloud.com",
        "open.spotify.com",
        "fb.me",
        "goo.gl",
        "ow.ly",
        "rb.gy",
        "cutt.ly",
        "is.gd",
        "shorturl.at",
        "snapchat.com",
    )
)


def _link(raw: str, start: int, splitter) -> Link | None:
    raw = raw.rstrip(".,;:!?)]}'\"")
    target = raw if "://" in raw else f"http://{raw}"
    try:
        host = (urlsplit(target).hostname or "").lower().rstrip(".")
    except ValueError:
        return None
    if host.startswith("www."):
        host = host[4:]
    if not host or "." not in host:
        return None
    parts = splitter(host)
    suffix = parts.suffix.lower()
    domain = f"{parts.domain}.{suffix}".lower() if parts.domain and suffix else host
    return Link(start, start + len(raw), host, domain, suffix)


def find_links(text: str) -> list[Link]:
    finder, splitter = _extractors()
    links: list[Link] = []
    try:
        found = finder.find_urls(text, get_indices=True)
    except Exception:  # noqa: BLE001 - a parser failure must not stop the other detectors
        found = []
    for raw, (start, _end) in found:
        link = _link(raw, start, splitter)
        if link is None:
            continue
        bare = "://" not in raw and not raw.lower().startswith("www.")
        if bare and not (link.host in BARE_PATH_HOSTS and "/" in raw):
            written_suffix = raw.split("/")[0].rsplit(".", 1)[-1]
            if link.suffix not in BARE_SUFFIXES and link.suffix.rsplit(".", 1)[-1] not in (
                BARE_SUFFIXES
            ):
                continue
            if written_suffix[:1].isupper() and not written_suffix.isupper():
                continue  # "thanks.It": a sentence, not a domain
            if "@" in text[max(0, start - 3) : start]:
                continue  # the domain of an e-mail address ("bob_92 @ gmail.com" too)
            if link.host.split(".", 1)[0] in WEBMAIL and SPELT_AT.search(
                text, max(0, start - 6), start
            ):
                continue  # "johndoe at gmail.com": an e-mail address written out
        links.append(link)
    for match in SPELLED_DOMAIN.finditer(text):
        if any(link.start <= match.start() < link.end for link in links):
            continue
        if match.group(1) and match.group(1).lower() in NOT_A_NAME:
            continue  # "the dot com bubble"
        if SPELT_AT.search(text, max(0, match.start() - 6), match.start()):
            continue  # "jdoe at gmail dot com": the domain of a written-out e-mail address
        host = f"{match.group(1)}.{match.group(2)}".lower() if match.group(1) else "discord.gg"
        links.append(Link(match.start(), match.end(), host, host, host.rsplit(".", 1)[-1]))
    for match in VIDEO_PATH.finditer(text):
        if not any(link.start <= match.start() < link.end for link in links):
            links.append(Link(match.start(), match.end(), "youtube.com", "youtube.com", "com"))
    return sorted(links, key=lambda link: link.start)


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


def _is_allowed(link: Link, settings, *, platform: bool = True) -> bool:
    domains = (
        *settings.allow_domains,
        *(settings.platform_domains if platform else ()),
        *settings.reference_domains,
    )
    if any(host_matches(link.host, d) for d in domains):
        return True
    suffix = link.suffix or link.host.rsplit(".", 1)[-1]
    return any(suffix == s or suffix.endswith("." + s) for s in settings.allow_suffixes)


def _listed_hosts(doc: Document) -> set[str]:
    """Hosts on a `link_domains` list (adult sites, shops, shorteners): their own rules flag
    them, each under its own category, so they are not counted again as outside links."""
    hosts = set()
    for link in _links(doc):
        labels = link.host.split(".")
        for i in range(len(labels) - 1):
            if any(
                doc.rules.rules[index].kind == LINK_DOMAINS
                and doc.rules.rules[index].applies_to(doc.context.site_id)
                for index in doc.rules.domains.get(".".join(labels[i:]), ())
            ):
                hosts.add(link.host)
    return hosts


# A local public body named in the comment. Many agencies, utilities and transit lines are
# not on .gov ("OC Waste & Recycling has the form at oclandfills.com", "Metrolink changed its
# schedules, see metrolinktrains.com"): a link given as such a body's page is civic
# information. Federal agencies and carriers (IRS, USPS, FedEx, DMV) are not on the list:
# phishing texts wear their names.
PUBLIC_BODY = re.compile(
    r"\b(?:county|county's|counties|city of|city's|town of"
    r"|state's|agency|agencies|department|dept|district|authority|public works|parks and rec"
    r"|animal (?:control|services|care)|library|libraries|fire (?:dept|department|authority)"
    r"|sheriff|police|school board|transit|metro|metrolink|caltrans|bus route|utility"
    r"|utilities|water (?:district|board|company)|sanitation|recycling|landfills?|waste"
    r"|health (?:agency|department|dept|care agency)|public health|food bank|edison|sce"
    r"|gas company|power company|outage map|non-?profit|red cross|little league|pta|ymca"
    r"|scouts|boys (?:and|&) girls club|neighborhood watch)\b",
    re.IGNORECASE,
)
# Signal families that say nothing against a civic link ("see", "visit", "check out").
CIVIC_NEUTRAL_FAMILIES = frozenset({"a call to visit, watch or listen"})


def _civic_links(doc: Document) -> bool:
    """Whether the comment's links are a public body's pages: it names one, and nothing in it
    is a self-promotion or offer signal but a call to visit (a phishing text's "verify your
    account" or a writer's "my page" keeps its link a spam signal)."""
    cached = getattr(doc, "_civic_links", None)
    if cached is None:
        from moderation.flagging.detectors.signals import signal_families

        cached = bool(PUBLIC_BODY.search(doc.text)) and not any(
            set(signal_families(doc, detector)) - CIVIC_NEUTRAL_FAMILIES
            for detector in ("promotion_signals", "offer_signals")
        )
        doc._civic_links = cached
    return cached


def outside_links(doc: Document) -> list[Link]:
    """Links to anything but the City, public agencies, the platforms and the reference
    sites the `outside_links` rule allows (all of them none when the rule is off), and none
    on a comment that gives its links as a public body's pages."""
    cached = getattr(doc, "_outside_links", None)
    if cached is not None:
        return cached
    rule = doc.rules.detector_rule("outside_links", doc.context.site_id)
    listed = _listed_hosts(doc)
    found = (
        []
        if rule is None or not _links(doc) or _civic_links(doc)
        else [
            link
            for link in _links(doc)
            if not _is_allowed(link, rule.settings) and link.host not in listed
        ]
    )
    doc._outside_links = found
    return found


def promoted_links(doc: Document) -> list[Link]:
    """For the self-promotion signals: outside links, and links to a platform too ("check
    this out youtube.com/watch?v=…" promotes a video as much as any other site does)."""
    rule = doc.rules.detector_rule("outside_links", doc.context.site_id)
    if rule is None or not _links(doc) or _civic_links(doc):
        return []
    listed = _listed_hosts(doc)
    return [
        link
        for link in _links(doc)
        if not _is_allowed(link, rule.settings, platform=False) and link.host not in listed
    ]


def _bare_platform_links(doc: Document) -> list[Link]:
    """A link to a video, profile or channel on a platform with next to nothing else said
    ("youtu.be/…", "instagram.com/… follow 4 follow"): promotion by link alone. A link to
    the City's own pages on the platform ("…/cityofstanton") is not."""
    if not _links(doc):
        return []
    links = [
        link
        for link in promoted_links(doc)
        if "stanton" not in doc.text[link.start : link.end].lower()
    ]
    if not links:
        return []
    rest = doc.text
    for link in sorted(links, key=lambda link: link.start, reverse=True):
        rest = rest[: link.start] + " " + rest[link.end :]
    if CIVIC_WORDS.search(rest + " ".join(doc.text[link.start : link.end] for link in links)):
        return []  # "youtu.be/… (council meeting, minute 45)": the City's business
    return links if len(re.findall(r"[^\W\d_]{2,}", rest)) <= 4 else []


CIVIC_WORDS = re.compile(
    r"council|meeting|city|agenda|hearing|minutes|mayor|commission|board|stanton|public comment",
    re.IGNORECASE,
)


def detect_outside_links(doc: Document) -> list[FlagCandidate]:
    """A link to an outside site on a comment far from its post's topic; with no post to
    compare with (evaluate_flagging), a link to an outside site alone, if the rule says so."""
    from moderation.flagging.detectors.relevance import relevance_evidence, relevance_of

    rule = doc.rules.detector_rule("outside_links", doc.context.site_id)
    if rule is None:
        return []
    links = outside_links(doc) or _bare_platform_links(doc)
    if not links:
        return []
    settings = rule.settings
    relevance, profile = relevance_of(doc)
    if relevance is None:
        if not settings.flag_without_post:
            return []
    elif relevance >= settings.max_relevance:
        return []
    hosts = ", ".join(sorted({link.host for link in links})[:5])
    return [
        FlagCandidate(
            category=rule.category,
            sub_reason=rule.sub_reason or "spam",
            detector="outside_links",
            score=settings.score,
            explanation=f"Links to {hosts} (not the City, a public agency or the platform). "
            + relevance_evidence(relevance, profile),
            spans=doc.spans((link.start, link.end) for link in links),
            rule_id=rule.id,
        )
    ]
