"""Demo data for `make run`: one user per role, three sites, designations. Idempotent."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string

from accounts import services as account_services
from accounts.roles import ADMINISTRATOR, MODERATOR, RECORDS_CLERK, SUPERVISOR
from moderation.models import Designation, Platform, Site
from moderation.sites import services

DEMO_PASSWORD = "stanton-demo-passphrase"  # noqa: S105 - printed for the local demo only

DEMO_USERS = (
    ("admin@stanton.example", "Alex Admin", "Assistant to the City Manager", [ADMINISTRATOR]),
    ("supervisor@stanton.example", "Sam Supervisor", "Communications Manager", [SUPERVISOR]),
    ("moderator@stanton.example", "Morgan Moderator", "Communications Specialist", [MODERATOR]),
    ("moderator2@stanton.example", "Riley Moderator", "Community Services Aide", [MODERATOR]),
    ("clerk@stanton.example", "Casey Clerk", "Deputy City Clerk", [RECORDS_CLERK]),
)

DEMO_SITES = (
    dict(
        platform=Platform.FACEBOOK,
        name="City of Stanton on Facebook",
        slug="facebook",
        handle="CityofStanton",
        url="https://www.facebook.com/CityofStanton",
        platform_page_id="100000000000001",
        policy_link_posted=True,
        links_to_city_website=True,
        terms_of_use_url="https://www.facebook.com/terms",
    ),
    dict(
        platform=Platform.INSTAGRAM,
        name="City of Stanton on Instagram",
        slug="instagram",
        handle="cityofstanton",
        url="https://www.instagram.com/cityofstanton",
        platform_page_id="17841400000000001",
        policy_link_posted=True,
        links_to_city_website=True,
        terms_of_use_url="https://help.instagram.com/581066165581870",
    ),
    dict(
        platform=Platform.NEXTDOOR,
        name="City of Stanton on Nextdoor",
        slug="nextdoor",
        handle="City of Stanton",
        url="https://nextdoor.com/agency/city-of-stanton/",
        platform_page_id="",
        policy_link_posted=False,
        links_to_city_website=True,
        terms_of_use_url="https://nextdoor.com/member_agreement/",
    ),
)

# Who is designated where (email -> site slugs).
DEMO_DESIGNATIONS = {
    "moderator@stanton.example": ("facebook", "instagram"),
    "moderator2@stanton.example": ("nextdoor",),
    "supervisor@stanton.example": ("facebook", "instagram", "nextdoor"),
}


class Command(BaseCommand):
    help = "Create demo users (one per role), three sites and designations. Safe to re-run."

    @transaction.atomic
    def handle(self, *args, **options):
        User = get_user_model()
        users = {}
        for email, name, title, roles in DEMO_USERS:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = account_services.staff_create(
                    actor=None,
                    email=email,
                    full_name=name,
                    title=title,
                    roles=roles,
                    password=DEMO_PASSWORD,
                )
            users[email] = user
        admin = users["admin@stanton.example"]

        sites = {}
        for fields in DEMO_SITES:
            site = Site.objects.filter(slug=fields["slug"]).first()
            sites[fields["slug"]] = site or services.site_create(actor=admin, **fields)

        for email, slugs in DEMO_DESIGNATIONS.items():
            for slug in slugs:
                if (
                    not Designation.objects.in_force()
                    .filter(user=users[email], site=sites[slug])
                    .exists()
                ):
                    services.designation_grant(
                        actor=admin,
                        user=users[email],
                        site=sites[slug],
                        note="Demo designation by the City Manager's designee",
                    )

        self.extend_demo(users=users, sites=sites)

        self.stdout.write(self.style.SUCCESS("Demo data ready. Sign in at http://127.0.0.1:8000/"))
        self.stdout.write(f"Every demo account's password: {DEMO_PASSWORD}")
        for email, _name, _title, roles in DEMO_USERS:
            self.stdout.write(f"  {', '.join(roles):<14} {email}")

    def extend_demo(self, *, users, sites) -> None:
        """Each feature seeds its own demo content (idempotently) from its own module."""
        # The project's settings name them (DEMO_SEEDERS), so this app imports none of them.
        for dotted in settings.DEMO_SEEDERS:
            seeder = import_string(dotted)
            seeder(users=users, sites=sites, stdout=self.stdout)
