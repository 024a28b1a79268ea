"""Demo of the policy duties for `manage.py seed_demo` (settings.DEMO_SEEDERS): a version of
the Social Media Policy in force (a short paraphrase written for the demo; the City enters
its own text), the sites' compliance checklists (the demo sites leave some requirements
unmet, so the administrators' home page lists them), and a Brown Act alert: one City Council
member replying to another on the budget.

Through the real services; idempotent (each piece is looked up first)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from moderation.brownact.models import BodyMember, LegislativeBody
from moderation.brownact.services import body_member_add, brown_act_scan, legislative_body_save
from moderation.demo.queue import _account, _comment, _post
from moderation.models import PolicyVersion
from moderation.policy.services import policy_version_add

ADMIN = "admin@stanton.example"

DEMO_POLICY_TEXT = """\
This is a short paraphrase entered for the demo; the City enters the full text it adopted.

The City's social media pages are run by staff the City Manager designates. They share City
news and answer questions. Comments are welcome and are the opinions of the people who write
them, not the City's.

Comments may be removed when they are spam or off the post's topic, profane, discriminatory,
sexual, threatening, campaign advocacy, discussion among members of a City body (Brown Act),
solicitation of business, confidential or personal information, or otherwise unlawful. The
City does not remove a comment for criticising it. People who repeatedly break these rules
may be blocked. Everything posted may be a public record."""

MEMBERS = (
    ("council-mayor", "mayor.demo", "Mayor Demo", "Mayor"),
    ("council-d1", "councilmember.one", "Councilmember One", "District 1"),
    ("council-d2", "councilmember.two", "Councilmember Two", "District 2"),
    ("council-d3", "councilmember.three", "Councilmember Three", "District 3"),
    ("council-d4", "councilmember.four", "Councilmember Four", "District 4"),
)


def seed_policy_demo(*, users, sites, stdout) -> None:
    admin = users.get(ADMIN)
    site = sites.get("facebook")
    if admin is None or site is None:
        return
    if not PolicyVersion.objects.exists():
        policy_version_add(
            actor=admin,
            label="Adopted 2019 (demo paraphrase)",
            text=DEMO_POLICY_TEXT,
            effective_on=dt.date(2019, 1, 1),
        )
    body = LegislativeBody.objects.filter(name="City Council").first() or legislative_body_save(
        actor=admin,
        name="City Council",
        jurisdiction_terms="budget\nhousing\nparks\nstreets\nzoning",
    )
    accounts = []
    for key, handle, name, seat in MEMBERS:
        account = _account(site.platform, key, handle, name)
        accounts.append(account)
        if not BodyMember.objects.filter(body=body, name=name).exists():
            body_member_add(actor=admin, body=body, name=name, seat=seat, accounts=[account])
    when = timezone.now() - dt.timedelta(hours=5)
    post = _post(site, "budget-hearing", "The proposed budget is posted: hearing on Tuesday.", when)
    first = _comment(
        site=site,
        post=post,
        account=accounts[1],
        external_id="brownact-demo-1",
        body="I'll be asking for more of the budget to go to parks.",
        posted_at=when + dt.timedelta(minutes=30),
    )
    reply = _comment(
        site=site,
        post=post,
        parent=first,
        account=accounts[2],
        external_id="brownact-demo-2",
        body="I agree, parks need it. Let's talk before Tuesday.",
        posted_at=when + dt.timedelta(minutes=45),
    )
    raised = brown_act_scan(comment_ids=[first.pk, reply.pk])
    if raised:
        stdout.write(f"  Brown Act demo: {raised} alert(s) for the City Clerk.")
