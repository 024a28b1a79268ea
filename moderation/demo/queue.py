"""Demo content for the queue (`manage.py seed_demo`, listed in settings.DEMO_SEEDERS).

A policy version, the City's posts on each demo site, members of the public, about 200
comments (most of them ordinary), about 40 of them flagged through `flags_raise`, and about
10 decided through `comment_decide` by the demo moderator. Idempotent: every row has a fixed
external id, and a re-run finds it and adds nothing. Deterministic (a seeded Random).

The comments are stored here directly, as an importer would, each with its first revision:
the ingestion services (another feature) will be the real way in. When the automatic
flagger lands it may flag these comments too; its flags simply join the demo's.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random

from django.db import transaction
from django.utils import timezone

from moderation.flagging.services import FlagCandidate, flags_raise
from moderation.models import (
    Comment,
    CommentRevision,
    PolicyVersion,
    Post,
    PublicAccount,
    QueueState,
)
from moderation.queue.services import comment_decide
from stanton.errors import ActionRefused

POLICY_LABEL = "City of Stanton Social Media Policy"
DEMO_DETECTOR = "demo-keywords"
COMMENT_COUNT = 200

POST_TOPICS = (
    (
        "sweeping",
        "Street sweeping schedule: starting Monday, crews sweep the north side on the "
        "first and third Tuesday of each month. Please move vehicles by 7 a.m.",
    ),
    (
        "park",
        "Good news: Stanton Central Park reopens Saturday after the playground renovation, "
        "with new shade structures and an accessible splash pad.",
    ),
    (
        "council",
        "The agenda for Tuesday's City Council meeting is posted: budget amendments, "
        "the Katella Avenue streetscape contract, and public comment.",
    ),
    (
        "water",
        "Public hearing on proposed water rates, March 12 at 6:30 p.m. in Council Chambers. "
        "Written comments may be sent to the City Clerk before the hearing.",
    ),
    (
        "fireworks",
        "Fireworks safety: only Safe and Sane fireworks are legal in Stanton, on July 4 "
        "from noon to 10 p.m. Keep a bucket of water nearby and pets indoors.",
    ),
    (
        "library",
        "Stanton Library's new hours start next week: open Monday to Thursday 10 to 8, "
        "Friday and Saturday 10 to 5. Homework help returns on weekdays.",
    ),
)

BENIGN = (
    "Thanks for the update!",
    "Will the sweeping schedule change on holiday weeks?",
    "Great news, my kids have been waiting for the park to reopen.",
    "Is there parking near the library after 5?",
    "Can we submit public comment by email or only in person?",
    "Where can I read the full staff report for the water rates?",
    "The new shade structures look wonderful, thank you Public Works.",
    "Please post the agenda in Spanish and Vietnamese too.",
    "What time does the splash pad open on weekdays?",
    "My street was skipped last month, who do I call?",
    "Appreciate the reminder about pets and fireworks.",
    "I'd like to see more evening hours at the library.",
    "How much will the average household bill go up?",
    "Is the hearing streamed online?",
    "Signs on Beach Blvd still show the old sweeping days.",
    "Thank you for keeping us informed.",
    "Will the council discuss the crosswalk on Cerritos?",
    "Homework help was a lifesaver for my son last year.",
    "Are Safe and Sane fireworks sold at the usual stands?",
    "Lovely photos of the park!",
    "The water rate hearing conflicts with back-to-school night.",
    "Could the City add more trash cans near the playground?",
    "The streetscape plans look good, any bike lanes?",
    "Does the library still lend hotspots?",
    "Our block gets ticketed even when the sweeper doesn't come.",
    "Can residents speak remotely at the council meeting?",
    "Happy to see investment in our parks.",
    "I disagree with raising the water rates; seniors on fixed incomes can't afford it.",
    "The council should hold this meeting in the evening so working people can attend.",
    "Honestly the City has handled the park renovation poorly, it took two years.",
)

# (category, sub-reason, text, the words that match, score, account key)
FLAGGED = (
    (
        "threat",
        "",
        "If the council raises my water bill again I know where you live.",
        "I know where you live",
        0.93,
        "angry",
    ),
    (
        "threat",
        "",
        "Keep ticketing my car and you'll regret it, I'm going to hurt someone.",
        "going to hurt someone",
        0.88,
        "angry",
    ),
    ("profanity", "", "This damn sweeping schedule makes no sense.", "damn", 0.71, None),
    ("profanity", "", "What a load of crap, the park was fine before.", "crap", 0.66, None),
    ("profanity", "", "Total BS that the library closes at 5 on Fridays.", "BS", 0.52, None),
    (
        "commerce",
        "",
        "Need a plumber? Call Ace Rooter today, 20% off with code STANTON.",
        "20% off with code STANTON",
        0.81,
        "ace",
    ),
    (
        "commerce",
        "",
        "DM me for cheap fireworks, best prices in OC!",
        "DM me for cheap fireworks",
        0.77,
        "ace",
    ),
    (
        "off_topic",
        "spam",
        "Click here to win a free iPhone!!! winbig.example/claim",
        "Click here to win",
        0.95,
        "spam",
    ),
    (
        "off_topic",
        "spam",
        "Work from home and earn $5000 a week, click here to win big",
        "click here to win",
        0.9,
        "spam",
    ),
    (
        "political_campaign",
        "",
        "Vote YES on Measure Q and Re-elect our mayor!",
        "Vote YES on Measure Q",
        0.74,
        None,
    ),
    (
        "political_campaign",
        "",
        "Don't forget to vote for Smith for Council in November.",
        "vote for Smith for Council",
        0.69,
        None,
    ),
    ("profanity", "", "damn <script>alert(1)</script> this page", "damn", 0.6, None),
    (
        "commerce",
        "",
        "Best deals <img src=x onerror=alert(1)> buy now at shop.example",
        "buy now",
        0.58,
        "ace",
    ),
    (
        "public_safety",
        "",
        "The pump station gate code is 4471, anyone can get in.",
        "gate code is 4471",
        0.83,
        None,
    ),
)

ACCOUNT_NAMES = (
    "Maria Lopez",
    "James Nguyen",
    "Linh Tran",
    "Robert Garcia",
    "Susan Park",
    "David Kim",
    "Ana Hernandez",
    "Michael Brown",
    "Karen Le",
    "Jose Martinez",
    "Emily Pham",
    "Chris Walker",
    "Patricia Reyes",
    "Daniel Vo",
    "Olivia Chen",
    "Tom Alvarez",
)
SPECIAL_ACCOUNTS = {
    "angry": ("angry_resident_77", "Angry Resident"),
    "ace": ("acerooter_oc", "Ace Rooter OC"),
    "spam": ("win-big-2000", "WinBig Promotions"),
}

# What the demo moderator decides, per flagged category, in order (about ten in all).
DECISION_PLAN = {
    "threat": [("remove", "The comment threatens a person: “{evidence}”. Police notified.")] * 2,
    "profanity": [
        ("remove", "Profane language: “{evidence}”."),
        ("keep", ""),
        ("hide", "Profane language: “{evidence}”."),
        ("keep", ""),
    ],
    "commerce": [
        ("hide", "Advertises a business: “{evidence}”."),
        ("remove", "Solicits sales on a City page: “{evidence}”."),
    ],
    "off_topic": [("remove", "Spam unrelated to the City's post: “{evidence}”.")],
    "political_campaign": [
        ("escalate", "Campaign advocacy on a City page, or a resident's view? Please decide."),
    ],
    "public_safety": [("remove", "Shares an access code to a public facility: “{evidence}”.")],
}
DEMO_DECISIONS = 10


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _account(platform: str, key: str, handle: str, name: str) -> PublicAccount:
    account, _ = PublicAccount.objects.get_or_create(
        platform=platform,
        external_id=f"demo-{key}",
        defaults={"handle": handle, "display_name": name},
    )
    return account


def _post(site, key: str, body: str, posted_at) -> Post:
    post, _ = Post.objects.get_or_create(
        site=site,
        external_id=f"demo-post-{key}",
        defaults={
            "body": body,
            "posted_at": posted_at,
            "permalink": f"{site.url.rstrip('/')}/posts/demo-{key}" if site.url else "",
            "raw_payload": {
                "id": f"demo-post-{key}",
                "message": body,
                "created_time": posted_at.isoformat(),
            },
        },
    )
    return post


def _comment(*, site, post, account, external_id, body, posted_at, parent=None) -> Comment:
    existing = Comment.objects.filter(site=site, external_id=external_id).first()
    if existing:
        return existing
    payload = {
        "id": external_id,
        "message": body,
        "created_time": posted_at.isoformat(),
        "from": {"id": account.external_id, "name": account.display_name},
    }
    comment = Comment(
        site=site,
        post=post,
        parent=parent,
        account=account,
        external_id=external_id,
        body=body,
        content_hash=_hash(body),
        posted_at=posted_at,
        raw_payload=payload,
        captured_at=posted_at + dt.timedelta(minutes=2),
        updated_at=posted_at + dt.timedelta(minutes=2),
    )
    comment.save()
    CommentRevision(
        comment=comment,
        number=1,
        body=body,
        content_hash=comment.content_hash,
        captured_at=comment.captured_at,
        raw_payload=payload,
    ).save()
    return comment


def _edit(comment: Comment, new_body: str) -> None:
    """The author edited the comment: a new revision, the first one kept."""
    if comment.revisions.count() > 1:
        return
    edited_at = comment.captured_at + dt.timedelta(hours=1)
    # The revision first: the comment may only take a text one of its revisions holds.
    CommentRevision(
        comment=comment,
        number=2,
        body=new_body,
        content_hash=_hash(new_body),
        captured_at=edited_at,
        raw_payload={
            **comment.raw_payload,
            "message": new_body,
            "updated_time": edited_at.isoformat(),
        },
    ).save()
    comment.body, comment.content_hash = new_body, _hash(new_body)
    comment.updated_at = edited_at
    comment.save(update_fields=["body", "content_hash", "updated_at"])


@transaction.atomic
def seed_moderation_demo(*, users, sites, stdout) -> None:
    rng = random.Random(3)  # the same demo every time
    admin = users.get("admin@stanton.example")
    moderator = users.get("moderator@stanton.example")
    if not PolicyVersion.objects.filter(label=POLICY_LABEL).exists():
        PolicyVersion(
            label=POLICY_LABEL,
            effective_on=dt.date(2019, 1, 1),
            created_by=admin,
            text="Placeholder: the full text of the policy as adopted is entered by the City's "
            "administrators.",
        ).save()

    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    site_list = [sites[slug] for slug in sorted(sites)]
    posts = []
    for s_index, site in enumerate(site_list):
        for t_index, (key, body) in enumerate(POST_TOPICS):
            posted = now - dt.timedelta(days=12 - t_index, hours=s_index)
            posts.append(_post(site, f"{site.slug}-{key}", body, posted))

    accounts: dict[tuple[str, str], PublicAccount] = {}

    def account_for(site, key: str | None) -> PublicAccount:
        if key is None:
            index = rng.randrange(len(ACCOUNT_NAMES))
            name = ACCOUNT_NAMES[index]
            key, handle = f"resident-{index}", name.lower().replace(" ", ".")
        else:
            handle, name = SPECIAL_ACCOUNTS[key]
        if (site.platform, key) not in accounts:
            accounts[(site.platform, key)] = _account(site.platform, key, handle, name)
        return accounts[(site.platform, key)]

    # Every fifth comment carries something a detector flags; the rest are ordinary, critical
    # of the City included (criticism is never a reason to remove anything).
    flagged: list[tuple[Comment, tuple]] = []
    created = 0
    for i in range(COMMENT_COUNT):
        post = posts[i % len(posts)]
        site = post.site
        posted_at = post.posted_at + dt.timedelta(minutes=17 * (i // len(posts)) + 5)
        spec = FLAGGED[(i // 5) % len(FLAGGED)] if i % 5 == 4 else None
        body = spec[2] if spec else rng.choice(BENIGN)
        if not spec and i % 41 == 7:
            body = f"{body} <script>alert(1)</script> <img src=x onerror=alert(1)>"
        external_id = f"demo-c-{i:03d}"
        before = Comment.objects.filter(site=site, external_id=external_id).exists()
        comment = _comment(
            site=site,
            post=post,
            account=account_for(site, spec[5] if spec else None),
            external_id=external_id,
            body=body,
            posted_at=posted_at,
        )
        created += 0 if before else 1
        if not spec and i % 37 == 3:
            _edit(comment, f"{comment.body} (edited: never mind, found the answer on the website)")
        if spec:
            flagged.append((comment, spec))

    for comment, (category, sub_reason, _text, words, score, _acct) in flagged:
        start = comment.body.index(words)
        flags_raise(
            comment=comment,
            candidates=[
                FlagCandidate(
                    category=category,
                    detector=DEMO_DETECTOR,
                    score=score,
                    sub_reason=sub_reason,
                    explanation=f"Matched the demo word list for {category.replace('_', ' ')}.",
                    spans=[{"start": start, "end": start + len(words), "text": words}],
                )
            ],
        )

    decided = 0
    if (
        moderator is not None
        and not Comment.objects.filter(
            external_id__startswith="demo-c-", decisions__isnull=False
        ).exists()
    ):
        plan = {category: list(steps) for category, steps in DECISION_PLAN.items()}
        for comment, spec in flagged:
            category, words = spec[0], spec[3]
            if decided >= DEMO_DECISIONS or comment.site.slug not in ("facebook", "instagram"):
                continue
            if not plan.get(category):
                continue
            action, rationale = plan[category].pop(0)
            comment.refresh_from_db()
            try:
                comment_decide(
                    comment=comment,
                    actor=moderator,
                    action=action,
                    categories=[category] if action in ("hide", "remove") else [],
                    rationale=rationale.format(evidence=words),
                    sub_reason=spec[1] if action in ("hide", "remove") else "",
                )
                decided += 1
            except ActionRefused as exc:  # e.g. a demo designation missing: say so, go on
                stdout.write(f"  demo decision on comment {comment.pk} skipped: {exc}")
    stdout.write(
        f"Queue demo: {Comment.objects.filter(external_id__startswith='demo-c-').count()} "
        f"comments ({created} new), "
        f"{Comment.objects.exclude(queue_state=QueueState.NONE).count()} waiting in the queue, "
        f"{decided} decided now."
    )
