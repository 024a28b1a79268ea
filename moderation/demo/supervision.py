"""Six months of decisions for the supervision dashboard (`manage.py seed_demo`, listed in
settings.DEMO_SEEDERS before the flagging demo, which then learns from these decisions too).

The queue demo's decisions all fall in the last two weeks; a supervisor's dashboard and the
public transparency page need months. This adds a third demo moderator (designated for the
Facebook and Nextdoor pages, so two moderators share each of them) and a few hundred older
comments spread over the last six months on all three sites. They are flagged by the real
rules (`comments_classify`, each flag dated a few minutes after its comment) and decided
through `comment_decide`, each decision dated some minutes to a day after its flag (its
`decided_at` argument: the audit event keeps the moment it was recorded). A removal the rules
missed is found and removed now and then; the new moderator keeps some commercial posts the
others remove (so the consistency checks have something to show); the demo supervisor reviews
a share of the decisions and overturns a few.

Idempotent: once any of these comments has a decision, a re-run adds nothing. Deterministic
(a seeded Random).
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from accounts import services as account_services
from accounts.roles import MODERATOR
from moderation.demo.comments import demo_comments
from moderation.demo.queue import FIRST_NAMES, LAST_NAMES, POST_TOPICS, VIOLATOR_ACCOUNTS, WHAT
from moderation.demo.queue import _account as demo_account
from moderation.demo.queue import _comment as demo_comment
from moderation.flagging.batch import comments_classify
from moderation.management.commands.seed_demo import DEMO_PASSWORD
from moderation.models import Comment, Decision, Designation, PolicyCategory, Post, QueueState
from moderation.queue.services import comment_decide
from moderation.review.services import decision_review
from moderation.sites.services import designation_grant
from stanton.errors import ActionRefused

# Not "demo-": the queue demo's own checks count the comments and posts it wrote.
HISTORY_PREFIX = "history-"
DAYS_BACK = 180
COMMENTS = 240
THIRD_MODERATOR = ("moderator3@stanton.example", "Jordan Moderator", "Communications Aide")
THIRD_MODERATOR_SITES = ("facebook", "nextdoor")
# The third moderator keeps this share of the commercial and off-topic posts others remove.
LENIENT_SHARE = 0.45
# One in this many violations no rule flagged is found by a moderator and removed.
MISS_FOUND_EVERY = 2
# The supervisor reviews one decision in this many and overturns one review in this many.
REVIEW_EVERY, OVERTURN_EVERY = 4, 5


def _third_moderator(admin, sites, password: str):
    email, name, title = THIRD_MODERATOR
    user = get_user_model().objects.filter(email=email).first()
    if user is None:
        user = account_services.staff_create(
            actor=admin, email=email, full_name=name, title=title, roles=[MODERATOR],
            password=password,
        )  # fmt: skip
    for slug in THIRD_MODERATOR_SITES:
        site = sites.get(slug)
        if site and not Designation.objects.in_force().filter(user=user, site=site).exists():
            designation_grant(
                actor=admin, user=user, site=site, note="Demo designation (second moderator)"
            )
    return user


def _moderators(site_ids) -> dict[int, list]:
    found: dict[int, list] = {}
    for designation in (
        Designation.objects.in_force()
        .filter(site_id__in=site_ids, user__groups__name=MODERATOR)
        .select_related("user")
        .order_by("user__email")
    ):
        found.setdefault(designation.site_id, []).append(designation.user)
    return found


@transaction.atomic
def seed_supervision_demo(*, users, sites, stdout) -> None:
    admin = users.get("admin@stanton.example")
    supervisor = users.get("supervisor@stanton.example")
    if admin is None or supervisor is None or not sites:
        return
    jordan = _third_moderator(admin, sites, DEMO_PASSWORD)
    if Decision.objects.filter(comment__external_id__startswith=HISTORY_PREFIX).exists():
        return

    rng = random.Random(29)
    now = timezone.now().replace(second=0, microsecond=0)
    start = now - dt.timedelta(days=DAYS_BACK)
    site_list = [sites[slug] for slug in sorted(sites)]
    # One post a month per site, from the City's usual topics.
    posts = {}
    for s_index, site in enumerate(site_list):
        for month in range(DAYS_BACK // 30):
            key, body = POST_TOPICS[(month + s_index) % len(POST_TOPICS)]
            posted = start + dt.timedelta(days=30 * month, hours=9 + s_index)
            posts[(site.pk, month)], _ = Post.objects.get_or_create(
                site=site,
                external_id=f"{HISTORY_PREFIX}post-{site.slug}-{month}-{key}",
                defaults={"body": body, "posted_at": posted, "raw_payload": {"message": body}},
            )

    written = demo_comments(rng)[:COMMENTS]
    labelled = {}
    for i, item in enumerate(written):
        site = site_list[i % len(site_list)]
        posted_at = start + dt.timedelta(days=(DAYS_BACK - 3) * (i + 0.5) / len(written))
        posted_at += dt.timedelta(minutes=rng.randrange(0, 600))
        month = min(DAYS_BACK // 30 - 1, (posted_at - start).days // 30)
        pool = VIOLATOR_ACCOUNTS.get(item.category)
        if pool and rng.random() < 0.6:
            handle, name = rng.choice(pool)
            key = handle
        else:
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            name, handle = f"{first} {last}", f"{first}.{last}".lower()
            key = f"resident-{first}-{last}".lower()
        comment = demo_comment(
            site=site,
            post=posts[(site.pk, month)],
            account=demo_account(site.platform, key, handle, name),
            external_id=f"{HISTORY_PREFIX}{i:03d}",
            body=item.text,
            posted_at=posted_at.replace(microsecond=0),
        )
        labelled[comment.pk] = item

    ids = sorted(labelled)
    result = comments_classify(
        comment_ids=ids, raised_at=lambda c: c.posted_at + dt.timedelta(minutes=7)
    )
    names = dict(PolicyCategory.objects.values_list("code", "name"))
    moderators = _moderators({s.pk for s in site_list})
    decided = missed = 0
    made: list[Decision] = []
    for index, comment in enumerate(
        Comment.objects.filter(pk__in=ids).select_related("site").order_by("posted_at", "pk")
    ):
        item = labelled[comment.pk]
        deciders = moderators.get(comment.site_id) or []
        if not deciders:
            continue
        moderator = rng.choice(deciders)
        flagged = comment.queue_state == QueueState.OPEN
        if not flagged and not (item.category and index % MISS_FOUND_EVERY == 0):
            continue  # nothing flagged it and nobody noticed: it stays up
        # Minutes to a day after the flag, never later than an hour ago.
        wait = dt.timedelta(minutes=int(rng.lognormvariate(4.5, 1.0)) + 5)
        decided_at = min(
            comment.posted_at + dt.timedelta(minutes=7) + wait, now - dt.timedelta(hours=1)
        )
        category = item.category
        lenient = moderator == jordan and category in ("commerce", "off_topic")
        if not category or (lenient and rng.random() < LENIENT_SHARE):
            action, codes, rationale = "keep", [], ""
        else:
            action = "hide" if category == "profanity" and index % 2 else "remove"
            codes = [category]
            rationale = (
                f"Removed under the policy's “{names.get(category, category).lower()}” "
                f"category: the comment {WHAT.get(category, 'violates it')}."
            )
        try:
            decision = comment_decide(
                comment=comment,
                actor=moderator,
                action=action,
                categories=codes,
                rationale=rationale,
                sub_reason=item.sub_reason if codes else "",
                seen_decision_id=None if flagged else 0,
                decided_at=decided_at,
            )
        except ActionRefused as exc:
            stdout.write(f"  demo history decision on comment {comment.pk} skipped: {exc}")
            continue
        decided += 1
        missed += 0 if flagged else 1
        made.append(decision)

    reviewed = overturned = 0
    for number, decision in enumerate(made[::REVIEW_EVERY]):
        overturn = number % OVERTURN_EVERY == OVERTURN_EVERY - 1
        kept = decision.action == "keep"
        if not overturn:
            note = "Consistent with the policy."
        elif kept:
            note = "On review the comment breaks the policy: back in the queue for a new decision."
        else:
            note = "On review the comment does not break the policy: restored."
        try:
            decision_review(
                decision=decision,
                actor=supervisor,
                outcome="overturned" if overturn else "upheld",
                note=note,
                # An overturned keep goes back to the queue under the category it breaks.
                category=(labelled[decision.comment_id].category or "") if kept else "",
            )
        except ActionRefused:
            continue
        reviewed += 1
        overturned += int(overturn)
    stdout.write(
        f"Supervision demo: {len(ids)} older comments over {DAYS_BACK} days, "
        f"{result['flags']} flag(s), {decided} decided ({missed} found without a flag), "
        f"{reviewed} reviewed ({overturned} overturned)."
    )
