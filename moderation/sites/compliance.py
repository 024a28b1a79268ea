"""Each site's compliance with the policy's requirements for a City page: a checklist of named
checks, each a small function, so a new requirement is one more entry."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from moderation.connectors.clients import capabilities_for
from moderation.connectors.models import SiteConnection
from moderation.connectors.services import site_token
from moderation.models import ApiToken, Comment, Designation, Site


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def _maintained(site: Site) -> Check:
    return Check(
        "Says it is maintained by the City",
        site.says_city_maintained,
        "" if site.says_city_maintained else "The page does not say it is the City's.",
    )


def _policy(site: Site) -> Check:
    return Check(
        "Links the Social Media Policy",
        site.policy_link_posted,
        "" if site.policy_link_posted else "Post the link to /policy/ on the page.",
    )


def _website(site: Site) -> Check:
    ok = site.links_to_city_website
    return Check("Links back to the City website", ok, "" if ok else "Add the link.")


def _terms(site: Site) -> Check:
    ok = bool(site.terms_of_use_url)
    return Check("Names the platform's terms of use", ok, "" if ok else "Enter its address.")


def _staff(site: Site) -> Check:
    count = Designation.objects.in_force().filter(site=site).count()
    return Check(
        "Has designated staff",
        count > 0,
        f"{count} designated" if count else "Nobody is designated by the City Manager.",
    )


def _connection(site: Site) -> Check:
    connection = SiteConnection.objects.filter(site=site).first()
    if connection is not None and connection.needs_reconnection:
        return Check("Has a working token or webhook", False, "The platform refused its token.")
    has_token = bool(capabilities_for(site.platform)) and bool(site_token(site, connection))
    has_api = ApiToken.objects.filter(sites=site, revoked_at__isnull=True).exists()
    webhook = (
        bool(site.platform_page_id)
        and Comment.objects.filter(site=site, platform_report_source="webhook").exists()
    )
    ok = has_token or has_api or webhook
    how = ", ".join(
        w
        for w, yes in (("access token", has_token), ("API token", has_api), ("webhook", webhook))
        if yes
    )
    return Check("Has a working token or webhook", ok, how or "No token and no webhook deliveries.")


def _recent(site: Site) -> Check:
    days = settings.SITE_QUIET_DAYS
    since = timezone.now() - timedelta(days=days)
    ok = Comment.objects.filter(site=site, captured_at__gte=since).exists()
    return Check(
        f"Received comments in the last {days} days",
        ok,
        "" if ok else "Nothing received: check the connection.",
    )


CHECKS: list[Callable[[Site], Check]] = [
    _maintained,
    _policy,
    _website,
    _terms,
    _staff,
    _connection,
    _recent,
]


def site_compliance(site: Site) -> list[Check]:
    return [check(site) for check in CHECKS]


def sites_failing_compliance() -> list[tuple[Site, list[Check]]]:
    """Active sites with at least one failed check (for administrators' home page)."""
    failing = []
    for site in Site.objects.filter(active=True).order_by("name"):
        failed = [c for c in site_compliance(site) if not c.ok]
        if failed:
            failing.append((site, failed))
    return failing
