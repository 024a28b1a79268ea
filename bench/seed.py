"""Bench data: N comments with their posts, accounts, revisions, flags, decisions, reviews and
bans, in proportions like a City's year on its pages, loaded with PostgreSQL's COPY.

Run it as `manage.py bench_seed --comments N`, on a database of its own: the rows are retained
records like any other (no trigger lets them be deleted), so a bench database only grows; drop
the whole database to start again. It refuses a database whose name does not contain "bench".

What it writes, so that the portal reads it as it reads its own data:
- every row a service would write: the comment and its first revision (and a second one for an
  edited comment, whose body is that revision's text, as the revised-text trigger demands), the
  flags and the comment's queue fields as `comment_queue_refresh` sets them, the decision with
  its categories and the flags it resolved, the supervisor's review, the ban with its
  categories and evidence, its approval, rejection or expiry;
- a django-simple-history row for each insert and for each later change (flagged, decided,
  resolved, reviewed, approved), with the person who did it;
- the audit events the services record for the same changes (`comments.ingested` per batch of
  500, `flags.raised`, `comment.kept/hidden/removed`, `decision.upheld`, `ban.proposed`,
  `ban.approved/rejected/expired`), in time order, appended to the existing hash chain, so
  `manage.py verify_audit_log` passes on a bench database.

Bench rows are marked: sites, posts, accounts and comments have external ids starting
`bench-`, raw payloads carry `"bench": true`, and staff are `bench-*@stanton.example`.
What it leaves out: attachments' stored files, platform actions (the outbound hide/remove
calls) and claims; nothing in the benchmarks reads them.

Only INSERTs (COPY is one) are issued on retained tables, so none of the append-only or
column-guard triggers is involved; ids are taken past the current maximum and the identity
sequences moved past them at the end. Everything runs in one transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from audit.events import AuditVerb
from moderation.flagging.services import queue_categories_joined

CHUNK = 50_000  # comments generated and copied per round (memory stays flat)
INGEST_BATCH = 500  # one `comments.ingested` audit event per batch, as the API writes it
YEAR = dt.timedelta(days=365)

# Proportions (of comments unless said otherwise).
COMMENTS_PER_POST = 40
COMMENTS_PER_ACCOUNT = 6  # on average; a few residents write most comments (see _account)
REPLY_SHARE = 0.30
EDITED_SHARE = 0.03
DELETED_BY_AUTHOR_SHARE = 0.01
FLAGGED_SHARE = 0.12
SECOND_FLAG_SHARE = 0.15  # of flagged comments
UNDECIDED_SHARE = 0.25  # of flagged comments: still waiting in the queue
ACTIONS = (("keep", 0.45), ("hide", 0.20), ("remove", 0.35))
REVIEWED_SHARE = 0.8  # of decisions needing review
BAN_SHARE = 0.5  # of accounts with at least BAN_AFTER removals
BAN_AFTER = 3

SITES = (
    ("facebook", "Bench City of Stanton (Facebook)", "bench-facebook"),
    ("facebook", "Bench Stanton Parks (Facebook)", "bench-facebook-parks"),
    ("instagram", "Bench Stanton (Instagram)", "bench-instagram"),
    ("x", "Bench Stanton (X)", "bench-x"),
    ("nextdoor", "Bench Stanton (Nextdoor)", "bench-nextdoor"),
    ("youtube", "Bench Stanton Council (YouTube)", "bench-youtube"),
)
# Category code -> weight among flags (the everyday ones dominate).
FLAG_CATEGORIES = (
    ("off_topic", 30),
    ("profanity", 25),
    ("commerce", 12),
    ("discrimination", 6),
    ("threat", 4),
    ("political_campaign", 5),
    ("confidential", 4),
    ("personnel", 3),
    ("sexual", 3),
    ("public_safety", 2),
    ("illegal_encouragement", 2),
    ("unprotected_speech", 2),
    ("brown_act", 1),
    ("copyright", 1),
)

TOPICS = (
    "street sweeping on Pacific St",
    "the parking near the library",
    "the pool hours this summer",
    "potholes on Katella Ave",
    "trash pickup being late again",
    "the council meeting agenda",
    "the new park playground",
    "fireworks on the Fourth",
    "traffic on Beach Blvd",
    "my water bill",
    "the library book sale",
    "graffiti by the community center",
    "the farmers market parking",
    "tree trimming on our block",
    "the senior center lunch program",
    "bike lanes downtown",
    "the homeless shelter plan",
    "noise from the construction site",
)
OPENERS = (
    "Does anyone know about",
    "Thank you for the update on",
    "Why is nobody fixing",
    "I have a question about",
    "Really disappointed with",
    "Great job on",
    "When will the City do something about",
    "Can staff explain",
    "Please post more details about",
    "Our neighborhood is worried about",
)
CLOSERS = (
    "",
    " Thanks!",
    " This has been going on for months.",
    " Please reply.",
    " My kids use it every day.",
    " I called twice and nobody answered.",
    " Who do I contact?",
    " The website still shows the old schedule.",
    " Appreciate the quick response last time.",
)
FLAGGED_TAILS = {
    "profanity": " This is damn ridiculous, what the hell.",
    "commerce": " Buy cheap sunglasses at our store, 50% off today only!",
    "off_topic": " Click here for free crypto giveaway www.example.com",
    "threat": " Somebody should make them pay for this.",
    "confidential": " Her phone number is 714-555-0199, call her.",
}


@dataclass
class Table:
    """How one model's rows are written by COPY: its columns, each with a converter."""

    model: type[models.Model]
    columns: list[str]
    attnames: list[str]
    converters: list[Callable[[Any], Any]]
    defaults: list[Any]
    history: Table | None = None

    @classmethod
    def of(cls, model, *, skip_auto_pk: bool = False) -> Table:
        columns, attnames, converters, defaults = [], [], [], []
        for f in model._meta.concrete_fields:
            if skip_auto_pk and f.primary_key:
                continue
            columns.append(f.column)
            attnames.append(f.attname)
            converters.append(_to_json if isinstance(f, models.JSONField) else _same)
            defaults.append(f.get_default())
        table = cls(model, columns, attnames, converters, defaults)
        history = getattr(model, "history", None)
        if history is not None and not skip_auto_pk:
            table.history = cls.of(history.model, skip_auto_pk=True)
        return table

    def row(self, values: dict[str, Any]) -> tuple:
        return tuple(
            conv(values.get(a, d))
            for a, conv, d in zip(self.attnames, self.converters, self.defaults, strict=True)
        )


def _same(value):
    return value


def _to_json(value):
    return json.dumps(value, separators=(",", ":"), sort_keys=True)


@dataclass
class Rows:
    """Rows waiting for COPY, per table (main rows and history rows)."""

    main: dict[type, list[tuple]] = field(default_factory=lambda: defaultdict(list))
    history: dict[type, list[tuple]] = field(default_factory=lambda: defaultdict(list))


class Loader:
    def __init__(self) -> None:
        from moderation import models as m

        self.m = m
        self.tables = {
            model: Table.of(model)
            for model in (
                m.Post,
                m.PublicAccount,
                m.Comment,
                m.CommentRevision,
                m.Flag,
                m.Decision,
                m.DecisionCategory,
                m.Ban,
                m.BanCategory,
                m.BanEvidence,
            )
        }
        self.next_id: dict[type, int] = {}
        self.rows = Rows()
        self.copied: dict[str, int] = defaultdict(int)

    def new_id(self, model) -> int:
        if model not in self.next_id:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {model._meta.db_table}")
                self.next_id[model] = cursor.fetchone()[0]
        self.next_id[model] += 1
        return self.next_id[model]

    def add(self, model, values: dict[str, Any]) -> None:
        self.rows.main[model].append(self.tables[model].row(values))

    def add_history(self, model, values: dict[str, Any], *, when, kind: str, user_id) -> None:
        table = self.tables[model].history
        assert table is not None
        self.rows.history[model].append(
            table.row(
                {
                    **values,
                    "history_date": when,
                    "history_type": kind,
                    "history_user_id": user_id,
                    "history_change_reason": None,
                }
            )
        )

    def flush(self) -> None:
        """COPY everything pending; parents before children (foreign keys are checked)."""
        order = list(self.tables)
        with connection.cursor() as wrapper:
            cursor = wrapper.cursor  # psycopg's own cursor: Cursor.copy()
            for model in order:
                for rows, table in (
                    (self.rows.main.pop(model, []), self.tables[model]),
                    (self.rows.history.pop(model, []), self.tables[model].history),
                ):
                    if not rows or table is None:
                        continue
                    _copy(cursor, table, rows)
                    self.copied[table.model._meta.db_table] += len(rows)

    def finish(self) -> None:
        with connection.cursor() as cursor:
            for model, last in self.next_id.items():
                table = model._meta.db_table
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [table, max(last, 1)]
                )


def _copy(cursor, table: Table, rows: Iterable[tuple]) -> None:
    columns = ", ".join(f'"{c}"' for c in table.columns)
    with cursor.copy(f'COPY "{table.model._meta.db_table}" ({columns}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row(row)


def _check_database() -> str:
    name = connection.settings_dict["NAME"] or ""
    if connection.vendor != "postgresql":
        raise RuntimeError("bench_seed needs PostgreSQL (it loads with COPY).")
    if "bench" not in name:
        raise RuntimeError(
            f"Refusing to load bench data into {name!r}: use a database of its own whose name "
            "contains 'bench' (its rows can never be deleted)."
        )
    return name


@dataclass
class Cast:
    """The fixed part of the data: sites, staff, designations, the policy in force. Made by
    the portal's own services (with their audit events) the first time; found after that."""

    sites: list[Any]
    moderators: dict[int, list[int]]  # site id -> moderator ids
    supervisor_id: int
    policy_version_id: int
    categories: dict[str, Any]  # code -> PolicyCategory
    rules: dict[str, int | None]  # category code -> a default rule's id


def cast_ensure() -> Cast:
    from accounts.models import User
    from accounts.roles import MODERATOR, RECORDS_CLERK, SUPERVISOR
    from accounts.services import staff_create
    from moderation.policy.services import policy_version_add
    from moderation.sites.services import designation_grant, site_create

    m = __import__("moderation.models", fromlist=["Site"])
    admin = User.objects.filter(email="bench-admin@stanton.example").first()
    if admin is None:
        # The technical administrator (Django admin's changelist is one of the benchmarks).
        admin = User.objects.create_superuser(
            email="bench-admin@stanton.example", password=None, full_name="Bench Admin"
        )
    with transaction.atomic():
        staff: dict[str, Any] = {}
        for key, roles in (
            ("supervisor", [SUPERVISOR, MODERATOR]),
            ("clerk", [RECORDS_CLERK]),
            *((f"moderator{i}", [MODERATOR]) for i in range(6)),
        ):
            email = f"bench-{key}@stanton.example"
            staff[key] = User.objects.filter(email=email).first() or staff_create(
                actor=admin,
                email=email,
                full_name=f"Bench {key.title()}",
                title="Bench",
                roles=roles,
                password=None,
            )
        sites = []
        for i, (platform, name, slug) in enumerate(SITES):
            site = m.Site.objects.filter(slug=slug).first()
            if site is None:
                site = site_create(actor=admin, platform=platform, name=name, slug=slug)
                for user in (staff["supervisor"], staff[f"moderator{i}"], staff["moderator0"]):
                    if not m.Designation.objects.filter(user=user, site=site).exists():
                        designation_grant(
                            actor=admin,
                            user=user,
                            site=site,
                            starts_on=timezone.localdate() - YEAR - dt.timedelta(days=30),
                        )
            sites.append(site)
        version = m.PolicyVersion.objects.order_by("-effective_on", "-id").first()
        if version is None:
            version = policy_version_add(
                actor=admin,
                label="Bench policy",
                text="Bench data: a stand-in policy text for benchmark databases only.",
                effective_on=timezone.localdate() - YEAR - dt.timedelta(days=30),
            )
    moderators = {
        site.pk: list(
            m.Designation.objects.filter(site=site)
            .exclude(user=staff["supervisor"])
            .values_list("user_id", flat=True)
        )
        for site in sites
    }
    rules: dict[str, int | None] = {}
    for rule in m.FlagRule.objects.select_related("category").order_by("pk"):
        rules.setdefault(rule.category.code, rule.pk)
    return Cast(
        sites=sites,
        moderators=moderators,
        supervisor_id=staff["supervisor"].pk,
        policy_version_id=version.pk,
        categories={c.code: c for c in m.PolicyCategory.objects.all()},
        rules=rules,
    )


def bench_comment_count() -> int:
    from moderation.models import Comment

    return Comment.objects.filter(site__slug__startswith="bench-").count()


def seed(*, comments: int, seed_value: int = 16, log: Callable[[str], None] = print) -> dict:
    """Add bench comments until the database holds `comments` of them (a re-run tops up)."""
    name = _check_database()
    have = bench_comment_count()
    if have >= comments:
        log(f"{name}: already {have} bench comments, nothing to add.")
        return {"database": name, "added": 0, "total": have, "seconds": 0.0, "rows": {}}
    started = time.perf_counter()
    cast = cast_ensure()
    loader = Loader()
    with transaction.atomic():
        generator = Generator(loader=loader, cast=cast, rng=random.Random(seed_value + have))
        todo = comments - have
        generator.posts_and_accounts(comments=todo, offset=have)
        done = 0
        while done < todo:
            size = min(CHUNK, todo - done)
            generator.comments(size=size, offset=have + done)
            loader.flush()
            done += size
            log(f"  {have + done} comments ({time.perf_counter() - started:.0f} s)")
        generator.bans()
        loader.flush()
        loader.finish()
        events = generator.audit_write()
        with connection.cursor() as cursor:
            for table in loader.copied:
                cursor.execute(f'ANALYZE "{table}"')
            cursor.execute('ANALYZE "audit_auditevent"')
    seconds = time.perf_counter() - started
    rows = dict(loader.copied) | {"audit_auditevent": events}
    log(
        f"{name}: added {todo} comments in {seconds:.1f} s "
        f"({sum(rows.values())} rows, {sum(rows.values()) / seconds:,.0f} rows/s)"
    )
    return {"database": name, "added": todo, "total": comments, "seconds": seconds, "rows": rows}


class Generator:
    def __init__(self, *, loader: Loader, cast: Cast, rng: random.Random) -> None:
        self.loader, self.cast, self.rng = loader, cast, rng
        self.m = loader.m
        self.now = timezone.now().astimezone(dt.UTC)
        self.posts: list[tuple[int, int, dt.datetime]] = []  # (id, site id, posted_at)
        self.accounts: list[int] = []
        self.thread_tail: dict[int, int] = {}  # post id -> a recent comment on it
        self.removals: dict[int, list[tuple]] = defaultdict(list)  # account -> removals
        self.events: list[tuple] = []  # (occurred_at, actor_id, verb, type, id, site, data)
        codes = [c for c, _ in FLAG_CATEGORIES if c in cast.categories]
        self.flag_codes = codes
        self.flag_weights = [w for c, w in FLAG_CATEGORIES if c in cast.categories]

    # --- helpers ---
    def _when(self, start: dt.datetime, low: float, high: float) -> dt.datetime:
        return start + dt.timedelta(seconds=self.rng.uniform(low, high))

    def _event(self, when, actor_id, verb, target_type, target_id, site_id, data) -> None:
        self.events.append((when, actor_id, verb, target_type, str(target_id), site_id, data))

    def _body(self, tail: str = "") -> str:
        r = self.rng
        body = f"{r.choice(OPENERS)} {r.choice(TOPICS)}?{r.choice(CLOSERS)}{tail}"
        if r.random() < 0.25:  # some residents write at length
            body += " " + " ".join(f"Also, {r.choice(TOPICS)}." for _ in range(r.randint(2, 8)))
        return body

    # --- the City's posts and the public's accounts ---
    def posts_and_accounts(self, *, comments: int, offset: int) -> None:
        m, add = self.m, self.loader.add
        for i in range(max(10, comments // COMMENTS_PER_POST)):
            site = self.cast.sites[i % len(self.cast.sites)]
            pk = self.loader.new_id(m.Post)
            posted = self.now - YEAR + (YEAR * (i + 0.5)) / max(10, comments // COMMENTS_PER_POST)
            values = {
                "id": pk,
                "site_id": site.pk,
                "external_id": f"bench-post-{offset}-{i}",
                "body": f"City update: {self.rng.choice(TOPICS)}. Details on the City website.",
                "permalink": f"https://example.com/{site.slug}/posts/{offset}-{i}",
                "posted_at": posted,
                "captured_at": posted,
                "raw_payload": {"bench": True, "id": f"{offset}-{i}"},
            }
            add(m.Post, values)
            self.loader.add_history(m.Post, values, when=posted, kind="+", user_id=None)
            self.posts.append((pk, site.pk, posted))
        for i in range(max(50, comments // COMMENTS_PER_ACCOUNT)):
            pk = self.loader.new_id(m.PublicAccount)
            seen = self.now - YEAR
            values = {
                "id": pk,
                "platform": "facebook",
                "external_id": f"bench-user-{offset}-{i}",
                "handle": f"resident{offset}_{i}",
                "display_name": f"Resident {offset}-{i}",
                "first_seen_at": seen,
            }
            add(m.PublicAccount, values)
            self.loader.add_history(m.PublicAccount, values, when=seen, kind="+", user_id=None)
            self.accounts.append(pk)

    def _account(self) -> int:
        # A long tail: the cube of a uniform number puts most comments on the first accounts.
        return self.accounts[int(len(self.accounts) * self.rng.random() ** 3)]

    # --- comments, revisions, flags, decisions ---
    def comments(self, *, size: int, offset: int) -> None:
        m, loader, r = self.m, self.loader, self.rng
        batches: dict[int, list[int]] = defaultdict(list)  # site -> ids of the open batch
        for i in range(offset, offset + size):
            post_id, site_id, post_time = self.posts[r.randrange(len(self.posts))]
            posted = min(self._when(post_time, 60, 14 * 86400), self.now - dt.timedelta(minutes=5))
            captured = min(self._when(posted, 1, 600), self.now)
            flagged = r.random() < FLAGGED_SHARE
            codes: list[str] = []
            if flagged:
                codes = [r.choices(self.flag_codes, self.flag_weights)[0]]
                if r.random() < SECOND_FLAG_SHARE:
                    second = r.choices(self.flag_codes, self.flag_weights)[0]
                    if second not in codes:
                        codes.append(second)
            body = self._body(FLAGGED_TAILS.get(codes[0], "") if codes else "")
            pk = loader.new_id(m.Comment)
            parent = self.thread_tail.get(post_id) if r.random() < REPLY_SHARE else None
            self.thread_tail[post_id] = pk
            digest = hashlib.sha256(body.encode()).hexdigest()
            comment = {
                "id": pk,
                "site_id": site_id,
                "post_id": post_id,
                "parent_id": parent,
                "account_id": self._account(),
                "external_id": f"bench-{i}",
                "body": body,
                "content_hash": digest,
                "posted_at": posted,
                "permalink": f"https://example.com/comments/{i}",
                "platform_state": "visible",
                "platform_reported_state": "visible",
                "platform_reported_at": posted,
                "platform_report_source": "api",
                "body_reported_at": posted,
                "raw_payload": {"bench": True, "id": f"bench-{i}", "message": body},
                "captured_at": captured,
                "updated_at": captured,
            }
            loader.add_history(m.Comment, comment, when=captured, kind="+", user_id=None)
            revision = {
                "id": loader.new_id(m.CommentRevision),
                "comment_id": pk,
                "number": 1,
                "body": body,
                "content_hash": digest,
                "captured_at": captured,
                "reported_at": posted,
                "raw_payload": {"bench": True, "message": body},
            }
            loader.add(m.CommentRevision, revision)
            loader.add_history(m.CommentRevision, revision, when=captured, kind="+", user_id=None)
            batch = batches[site_id]
            batch.append(pk)
            if len(batch) == INGEST_BATCH:
                self._ingested(site_id, batch, captured)
                batches[site_id] = []
            if r.random() < EDITED_SHARE:
                edited = min(self._when(captured, 3600, 3 * 86400), self.now)
                body = body + " (Edit: never mind, found the answer on the City website.)"
                digest = hashlib.sha256(body.encode()).hexdigest()
                revision = {
                    "id": loader.new_id(m.CommentRevision),
                    "comment_id": pk,
                    "number": 2,
                    "body": body,
                    "content_hash": digest,
                    "captured_at": edited,
                    "reported_at": edited,
                    "raw_payload": {"bench": True, "message": body},
                }
                loader.add(m.CommentRevision, revision)
                loader.add_history(m.CommentRevision, revision, when=edited, kind="+", user_id=None)
                comment.update(body=body, content_hash=digest, body_reported_at=edited)
                comment["updated_at"] = edited
                loader.add_history(m.Comment, comment, when=edited, kind="~", user_id=None)
            if codes:
                self._flags_and_decision(comment, codes)
            elif r.random() < DELETED_BY_AUTHOR_SHARE:
                gone = min(self._when(captured, 600, 86400), self.now)
                comment.update(
                    platform_state="deleted",
                    platform_reported_state="deleted",
                    platform_reported_at=gone,
                    updated_at=gone,
                )
                loader.add_history(m.Comment, comment, when=gone, kind="~", user_id=None)
            loader.add(m.Comment, comment)
        for site_id, batch in batches.items():
            if batch:
                self._ingested(site_id, batch, self.now)

    def _ingested(self, site_id: int, ids: list[int], when: dt.datetime) -> None:
        self._event(
            when,
            None,
            AuditVerb.COMMENTS_INGESTED.value,
            "moderation.site",
            site_id,
            site_id,
            {"source": "bench_seed", "counts": {"created": len(ids)}, "created": list(ids)},
        )

    def _flags_and_decision(self, comment: dict, codes: list[str]) -> None:
        m, loader, r, cast = self.m, self.loader, self.rng, self.cast
        flagged_at = min(self._when(comment["captured_at"], 0.5, 5), self.now)
        flags = []
        for code in codes:
            category = cast.categories[code]
            flag = {
                "id": loader.new_id(m.Flag),
                "comment_id": comment["id"],
                "source": "rule",
                "category_id": category.pk,
                "rule_id": cast.rules.get(code),
                "detector": "bench",
                "score": round(r.uniform(0.5, 1.0), 2),
                "evidence": {"spans": [], "explanation": "Bench data."},
                "fingerprint": hashlib.sha256(
                    f"bench|{code}|{comment['content_hash']}".encode()
                ).hexdigest(),
                "status": "open",
                "created_at": flagged_at,
            }
            loader.add_history(m.Flag, flag, when=flagged_at, kind="+", user_id=None)
            flags.append((flag, category))
        comment.update(
            queue_state="open",
            queue_priority=max(c.queue_priority for _, c in flags),
            queue_score=max(f["score"] for f, _ in flags),
            queue_categories=queue_categories_joined(c.code for _, c in flags),
            flagged_at=flagged_at,
        )
        loader.add_history(m.Comment, comment, when=flagged_at, kind="~", user_id=None)
        self._event(
            flagged_at,
            None,
            AuditVerb.FLAGS_RAISED.value,
            "moderation.comment",
            comment["id"],
            comment["site_id"],
            {
                "flags": [
                    {"id": f["id"], "category": c.code, "detector": "bench", "score": f["score"]}
                    for f, c in flags
                ],
                "source": "rule",
            },
        )
        decided_at = self._when(flagged_at, 120, 2 * 86400)
        if r.random() < UNDECIDED_SHARE or decided_at > self.now:
            for flag, _ in flags:
                loader.add(m.Flag, flag)
            return
        action = r.choices([a for a, _ in ACTIONS], [w for _, w in ACTIONS])[0]
        actor = r.choice(cast.moderators[comment["site_id"]])
        cited = [c for _, c in flags] if action != "keep" else []
        needs_review = action != "keep" and any(c.judgment_call for c in cited)
        decision = {
            "id": loader.new_id(m.Decision),
            "comment_id": comment["id"],
            "action": action,
            "rationale": (
                f"Bench: {', '.join(c.name for c in cited)}." if cited else "Bench: no violation."
            ),
            "rationale_source": "written",
            "policy_version_id": cast.policy_version_id,
            "actor_id": actor,
            "decided_at": decided_at,
            "previous_platform_state": comment["platform_state"],
            "review_state": "unreviewed" if needs_review else "not_required",
        }
        loader.add_history(m.Decision, decision, when=decided_at, kind="+", user_id=actor)
        for category in cited:
            loader.add(
                m.DecisionCategory,
                {
                    "id": loader.new_id(m.DecisionCategory),
                    "decision_id": decision["id"],
                    "category_id": category.pk,
                },
            )
        for flag, _ in flags:
            flag.update(status="resolved", resolved_at=decided_at)
            flag["resolved_by_decision_id"] = decision["id"]
            loader.add_history(m.Flag, flag, when=decided_at, kind="~", user_id=actor)
            loader.add(m.Flag, flag)
        new_state = {"hide": "hidden", "remove": "removed"}.get(action, comment["platform_state"])
        comment.update(
            platform_state=new_state,
            updated_at=decided_at,
            queue_state="none",
            queue_priority=0,
            queue_score=0.0,
            queue_categories="",
            flagged_at=None,
        )
        loader.add_history(m.Comment, comment, when=decided_at, kind="~", user_id=actor)
        verb = {
            "keep": AuditVerb.COMMENT_KEPT.value,
            "hide": AuditVerb.COMMENT_HIDDEN.value,
            "remove": AuditVerb.COMMENT_REMOVED.value,
        }
        self._event(
            decided_at,
            actor,
            verb[action],
            "moderation.comment",
            comment["id"],
            comment["site_id"],
            {
                "decision_id": decision["id"],
                "categories": [c.code for c in cited],
                "sub_reason": "",
                "rationale": decision["rationale"],
                "rationale_source": "written",
                "policy_version_id": cast.policy_version_id,
                "previous_state": "visible",
                "new_state": new_state,
                "queue_state": "none",
                "flags_resolved": [f["id"] for f, _ in flags],
                "staff_flags": [],
                "review_state": decision["review_state"],
                "platform_action_id": None,
            },
        )
        reviewed_at = self._when(decided_at, 3600, 5 * 86400)
        if needs_review and r.random() < REVIEWED_SHARE and reviewed_at < self.now:
            decision.update(
                review_state="upheld",
                reviewed_by_id=cast.supervisor_id,
                reviewed_at=reviewed_at,
                review_note="Bench: consistent with the policy.",
            )
            loader.add_history(
                m.Decision, decision, when=reviewed_at, kind="~", user_id=cast.supervisor_id
            )
            self._event(
                reviewed_at,
                cast.supervisor_id,
                AuditVerb.DECISION_UPHELD.value,
                "moderation.decision",
                decision["id"],
                comment["site_id"],
                {"comment_id": comment["id"], "note": decision["review_note"]},
            )
        loader.add(m.Decision, decision)
        if action == "remove":
            self.removals[comment["account_id"]].append(
                (comment["id"], comment["site_id"], decided_at, [c for _, c in flags])
            )

    # --- bans, for the accounts with repeated removals ---
    def bans(self) -> None:
        m, loader, r, cast = self.m, self.loader, self.rng, self.cast
        slugs = {s.pk: s.slug for s in cast.sites}
        for account_id, removals in self.removals.items():
            if len(removals) < BAN_AFTER or r.random() >= BAN_SHARE:
                continue
            removals.sort(key=lambda x: x[2])
            site_id = removals[-1][1]
            evidence = [x for x in removals if x[1] == site_id][-5:]
            categories = {c.pk: c for x in evidence for c in x[3]}
            proposed_at = min(self._when(evidence[-1][2], 600, 86400), self.now)
            proposer = r.choice(cast.moderators[site_id])
            duration = r.choice((7, 7, 30, 30, 90, None))
            ban = {
                "id": loader.new_id(m.Ban),
                "account_id": account_id,
                "scope": "site",
                "site_id": site_id,
                "findings": f"Bench: {len(evidence)} removed comments in a row.",
                "duration_days": duration,
                "policy_version_id": cast.policy_version_id,
                "state": "proposed",
                "proposed_by_id": proposer,
                "proposed_at": proposed_at,
            }
            loader.add_history(m.Ban, ban, when=proposed_at, kind="+", user_id=proposer)
            for category in categories.values():
                loader.add(
                    m.BanCategory,
                    {
                        "id": loader.new_id(m.BanCategory),
                        "ban_id": ban["id"],
                        "category_id": category.pk,
                    },
                )
            for x in evidence:
                loader.add(
                    m.BanEvidence,
                    {"id": loader.new_id(m.BanEvidence), "ban_id": ban["id"], "comment_id": x[0]},
                )
            summary = {
                "account": account_id,
                "scope": "site",
                "site": slugs[site_id],
                "covered_sites": [slugs[site_id]],
                "categories": sorted(c.code for c in categories.values()),
                "duration_days": duration,
            }
            self._event(
                proposed_at,
                proposer,
                AuditVerb.BAN_PROPOSED.value,
                "moderation.ban",
                ban["id"],
                site_id,
                {
                    **summary,
                    "evidence_comments": [x[0] for x in evidence],
                    "findings": ban["findings"],
                },
            )
            decided_at = self._when(proposed_at, 3600, 2 * 86400)
            outcome = r.random()
            if decided_at < self.now and outcome < 0.9:
                approved = outcome < 0.8
                ban.update(
                    state="active" if approved else "rejected",
                    decided_by_id=cast.supervisor_id,
                    decided_at=decided_at,
                    decision_note="Bench: reviewed the evidence.",
                )
                if approved:
                    ban["starts_at"] = decided_at
                    if duration:
                        ban["ends_at"] = decided_at + dt.timedelta(days=duration)
                loader.add_history(
                    m.Ban, ban, when=decided_at, kind="~", user_id=cast.supervisor_id
                )
                self._event(
                    decided_at,
                    cast.supervisor_id,
                    (AuditVerb.BAN_APPROVED if approved else AuditVerb.BAN_REJECTED).value,
                    "moderation.ban",
                    ban["id"],
                    site_id,
                    {**summary, "note": ban["decision_note"]},
                )
                if approved and ban.get("ends_at") and ban["ends_at"] < self.now:
                    ban["state"] = "expired"
                    loader.add_history(m.Ban, ban, when=ban["ends_at"], kind="~", user_id=None)
                    self._event(
                        ban["ends_at"],
                        None,
                        AuditVerb.BAN_EXPIRED.value,
                        "moderation.ban",
                        ban["id"],
                        site_id,
                        {**summary, "ends_at": ban["ends_at"].isoformat(), "platform_actions": []},
                    )
            loader.add(m.Ban, ban)

    # --- the audit log: appended in time order to the existing chain ---
    def audit_write(self) -> int:
        from audit.models import GENESIS_HASH, AuditEvent
        from audit.services import AUDIT_CHAIN_LOCK

        self.events.sort(key=lambda e: e[0])
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [AUDIT_CHAIN_LOCK])
        last = AuditEvent.objects.order_by("-seq").only("seq", "hash").first()
        seq, prev = (last.seq, last.hash) if last else (0, GENESIS_HASH)
        next_id = self.loader.new_id(AuditEvent) - 1
        table = Table.of(AuditEvent)
        rows = []
        for when, actor_id, verb, target_type, target_id, site_id, data in self.events:
            seq += 1
            next_id += 1
            event = AuditEvent(
                id=next_id,
                seq=seq,
                occurred_at=when,
                actor_id=actor_id,
                verb=verb,
                target_type=target_type,
                target_id=target_id,
                site_id=site_id,
                data=json.loads(json.dumps(data, sort_keys=True)),
                prev_hash=prev,
            )
            event.hash = prev = event.compute_hash()
            rows.append(table.row({f: getattr(event, f) for f in table.attnames}))
        self.loader.next_id[AuditEvent] = next_id
        with connection.cursor() as wrapper:
            _copy(wrapper.cursor, table, rows)
        self.loader.finish()
        return len(rows)
