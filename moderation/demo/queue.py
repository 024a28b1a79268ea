"""Demo content for the queue (`manage.py seed_demo`, listed in settings.DEMO_SEEDERS).

A policy version, the City's posts on each demo site, members of the public, and several
hundred comments written the ways residents write (moderation/demo/comments.py): most of them
ordinary, critical of the City included, the rest the violations a moderator meets. Nothing
here flags anything: the real classification task does, with the real rules
(`moderation.flagging.classify_comments`, run in-process as the demo runs every task).

The comments of the last two days are the "new" ones (external ids `demo-n-…`); the older
ones (`demo-c-…`) are flagged first and their flags decided by the demo moderators through
`comment_decide`: removed or hidden citing the category the writer violated, kept when the flag
was wrong. That record is what the classifier learned from the City's decisions is trained on
(moderation/demo/flagging.py trains it, then flags the new comments). Idempotent: every row has
a fixed external id, and once the demo moderators have decided, a re-run adds nothing.
Deterministic (a seeded Random).

The comments are stored here directly, as an importer would, each with its first revision.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random

from django.db import transaction
from django.utils import timezone

from moderation.demo.comments import DemoComment, demo_comments, demo_comments_newer
from moderation.flagging.tasks import classify_comments
from moderation.models import (
    Comment,
    CommentRevision,
    Decision,
    Designation,
    Flag,
    PolicyCategory,
    PolicyVersion,
    Post,
    PublicAccount,
    QueueState,
)
from moderation.queue.services import comment_decide
from stanton.errors import ActionRefused

POLICY_LABEL = "City of Stanton Social Media Policy"
HISTORY_PREFIX, NEW_PREFIX = "demo-c-", "demo-n-"
# The share of the comments that arrived in the last two days (flagged after the training).
NEW_SHARE = 0.18
# Of the older flagged comments, one in this many is left in the queue undecided.
LEFT_UNDECIDED_EVERY = 9

POST_TOPICS = (
    (
        "trash",
        "Holiday week: trash, recycling and green waste pickup runs one day late. Bulky item "
        "pickup resumes Monday; schedule yours online or by phone.",
    ),
    (
        "streets",
        "Pothole repair week: crews are patching streets across the City. Report a pothole "
        "online and we will add it to the list.",
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

FIRST_NAMES = (
    "Maria", "James", "Linh", "Robert", "Susan", "David", "Ana", "Michael", "Karen", "Jose",
    "Emily", "Chris", "Patricia", "Daniel", "Olivia", "Tom", "Thuy", "Marcus", "Rosa", "Kevin",
)  # fmt: skip
LAST_NAMES = (
    "Lopez", "Nguyen", "Tran", "Garcia", "Park", "Kim", "Hernandez", "Brown", "Le", "Martinez",
    "Pham", "Walker", "Reyes", "Vo", "Chen", "Alvarez",
)  # fmt: skip
# Who writes the violations: a few accounts each write several, as on a real page.
VIOLATOR_ACCOUNTS = {
    "off_topic": (("promo-king-77", "Promo King"), ("earn.daily.now", "Earn Daily")),
    "commerce": (("eddiesroofing", "Eddie's Roofing"), ("oc.deals.4u", "OC Deals")),
    "sexual": (("hotchat-xx", "Hot Chat"),),
    "threat": (("angry_resident_77", "Angry Resident"), ("stanton_truth", "Stanton Truth")),
    "discrimination": (("real_stanton_first", "Stanton First"),),
    "profanity": (("fedup_on_katella", "Fed Up on Katella"),),
    "confidential": (("block_watcher", "Block Watcher"), ("nosy.neighbor", "Nosy Neighbor")),
    "political_campaign": (("delgado4council", "Friends of Maria Delgado"),),
}
RATIONALES = {
    "keep": "",
    "violation": "Removed under the policy's “{name}” category: the comment {what}.",
}
WHAT = {
    "off_topic": "is spam unrelated to the City's post",
    "commerce": "advertises a business or solicits sales",
    "profanity": "uses profane language",
    "threat": "threatens violence against people",
    "discrimination": "attacks people for a protected characteristic",
    "confidential": "publishes a private person's contact details or identifiers",
    "political_campaign": "advocates for a candidate or ballot measure",
    "sexual": "links to sexual content",
}


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


def _moderators_by_site(users) -> dict[int, object]:
    """Which demo moderator decides on each site (the one designated for it)."""
    by_site: dict[int, object] = {}
    for email in ("moderator@stanton.example", "moderator2@stanton.example"):
        user = users.get(email)
        if user is None:
            continue
        for site_id in (
            Designation.objects.in_force().filter(user=user).values_list("site_id", flat=True)
        ):
            by_site.setdefault(site_id, user)
    return by_site


def demo_comment_ids(prefix: str) -> list[int]:
    return list(
        Comment.objects.filter(external_id__startswith=prefix)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


@transaction.atomic
def seed_moderation_demo(*, users, sites, stdout) -> None:
    rng = random.Random(3)  # the same demo every time
    admin = users.get("admin@stanton.example")
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
    posts: dict[str, list[Post]] = {}
    for s_index, site in enumerate(site_list):
        for t_index, (key, body) in enumerate(POST_TOPICS):
            posted = now - dt.timedelta(days=14 - t_index, hours=s_index)
            posts.setdefault(key, []).append(_post(site, f"{site.slug}-{key}", body, posted))
    all_posts = [post for group in posts.values() for post in group]

    accounts: dict[tuple[str, str], PublicAccount] = {}

    def account_for(site, written: DemoComment) -> PublicAccount:
        pool = VIOLATOR_ACCOUNTS.get(written.category)
        if pool and rng.random() < 0.7:
            handle, name = rng.choice(pool)
            key = handle
        else:
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            name = f"{first} {last}"
            key, handle = f"resident-{first}-{last}".lower(), f"{first}.{last}".lower()
        if (site.platform, key) not in accounts:
            accounts[(site.platform, key)] = _account(site.platform, key, handle, name)
        return accounts[(site.platform, key)]

    written = demo_comments(rng)
    new_from = round(len(written) * (1 - NEW_SHARE))
    written += demo_comments_newer()
    created = 0
    labelled: dict[int, DemoComment] = {}
    for i, item in enumerate(written):
        group = posts.get(item.topic) or all_posts
        post = rng.choice(group)
        if i < new_from:  # the older comments: between their post and two days ago
            span = max(1.0, (now - dt.timedelta(days=2) - post.posted_at).total_seconds())
            posted_at = post.posted_at + dt.timedelta(seconds=span * (i + 1) / (new_from + 1))
            external_id = f"{HISTORY_PREFIX}{i:03d}"
        else:  # the new ones: the last two days
            share = (i - new_from + 1) / (len(written) - new_from + 1)
            posted_at = now - dt.timedelta(days=2) + dt.timedelta(days=2 * share)
            external_id = f"{NEW_PREFIX}{i:03d}"
        posted_at = posted_at.replace(microsecond=0)
        before = Comment.objects.filter(site=post.site, external_id=external_id).exists()
        comment = _comment(
            site=post.site,
            post=post,
            account=account_for(post.site, item),
            external_id=external_id,
            body=item.text,
            posted_at=posted_at,
        )
        created += 0 if before else 1
        labelled[comment.pk] = item
        if not item.category and i % 43 == 5:
            _edit(comment, f"{comment.body} (edited: never mind, found the answer on the website)")

    decided = 0
    history = demo_comment_ids(HISTORY_PREFIX)
    if not Decision.objects.filter(comment_id__in=history).exists():
        # The older comments as the classification task saw them when they arrived.
        result = classify_comments(comment_ids=history)
        stdout.write(
            f"Automatic flagging of the older comments: {result['classified']} classified, "
            f"{result['flags']} flag(s) raised by the rules."
        )
        decided = _decide_history(history, labelled, _moderators_by_site(users), stdout)
    stdout.write(
        f"Queue demo: {Comment.objects.filter(external_id__startswith='demo-').count()} "
        f"comments ({created} new), {decided} decided now."
    )


def _decide_history(history: list[int], labelled, moderators, stdout) -> int:
    """The demo moderators' answers to the older flags: remove (or hide) citing what the writer
    violated, keep what the flag got wrong, escalate a judgment call now and then."""
    names = dict(PolicyCategory.objects.values_list("code", "name"))
    flagged = (
        Comment.objects.filter(pk__in=history, queue_state=QueueState.OPEN)
        .select_related("site")
        .order_by("posted_at", "pk")
    )
    decided = 0
    for index, comment in enumerate(flagged):
        if index % LEFT_UNDECIDED_EVERY == LEFT_UNDECIDED_EVERY - 1:
            continue  # still waiting in the queue
        moderator = moderators.get(comment.site_id)
        written = labelled.get(comment.pk)
        if moderator is None or written is None:
            continue
        category = written.category
        if not category:
            action, codes, rationale = "keep", [], ""
        elif category == "political_campaign" and index % 4 == 0:
            action, codes = "escalate", []
            rationale = "Campaign advocacy, or a resident's view of the election? Please decide."
        else:
            action = "hide" if category == "profanity" and index % 2 else "remove"
            codes = [category]
            rationale = RATIONALES["violation"].format(
                name=names.get(category, category).lower(), what=WHAT.get(category, "violates it")
            )
        try:
            comment_decide(
                comment=comment,
                actor=moderator,
                action=action,
                categories=codes,
                rationale=rationale,
                sub_reason=written.sub_reason if codes else "",
            )
            decided += 1
        except ActionRefused as exc:  # e.g. a demo designation missing: say so, go on
            stdout.write(f"  demo decision on comment {comment.pk} skipped: {exc}")
    return decided


def demo_flags_open() -> int:
    return Flag.objects.filter(
        comment__external_id__startswith="demo-", status=Flag.Status.OPEN
    ).count()
