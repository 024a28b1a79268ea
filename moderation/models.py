"""Sites, designations, and (later in this module) the moderation domain.

Every model here is a retained record (audit.retention): rows are never deleted, and history
is kept by django-simple-history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from audit.retention import RetainedModel, RetainedQuerySet, retained_history
from moderation.policy.categories import CATEGORY_CODES


class Platform(models.TextChoices):
    FACEBOOK = "facebook", "Facebook"
    INSTAGRAM = "instagram", "Instagram"
    X = "x", "X"
    NEXTDOOR = "nextdoor", "Nextdoor"
    YOUTUBE = "youtube", "YouTube"
    LINKEDIN = "linkedin", "LinkedIn"
    TIKTOK = "tiktok", "TikTok"
    OTHER = "other", "Other"


class Site(RetainedModel):
    """One official City presence on a platform (a Facebook page, an X account, ...)."""

    platform = models.CharField(max_length=16, choices=Platform.choices)
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    handle = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=500, blank=True)
    platform_page_id = models.CharField(
        "platform page id",
        max_length=100,
        blank=True,
        db_index=True,
        help_text="The platform's own id for this page (maps webhooks to the site).",
    )
    policy_link_posted = models.BooleanField(
        "policy link posted",
        default=False,
        help_text="The page links to the City's Social Media Policy, where the platform allows.",
    )
    links_to_city_website = models.BooleanField(
        "links back to the City website",
        default=False,
        help_text="The page links back to the official City website for services and forms.",
    )
    terms_of_use_url = models.URLField("platform terms of use", max_length=500, blank=True)
    says_city_maintained = models.BooleanField(
        "says it is maintained by the City",
        default=False,
        help_text="The page says it is the City's official page, maintained by the City.",
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = retained_history()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "platform_page_id"],
                condition=~Q(platform_page_id=""),
                name="moderation_site_unique_page_id",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_platform_display()})"


class DesignationQuerySet(RetainedQuerySet):
    def in_force(self, on=None):
        """Designations that let their holder act today (Pacific time)."""
        today = on or timezone.localdate()
        return self.filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=today),
            starts_on__lte=today,
            revoked_at__isnull=True,
            user__is_active=True,
        )


class Designation(RetainedModel):
    """The policy's "staff as designated by the City Manager": who may act on which site,
    from when, until when. Revoking keeps the row and stamps who revoked it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="designations"
    )
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="designations")
    designated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    starts_on = models.DateField(default=timezone.localdate)
    ends_on = models.DateField(null=True, blank=True, help_text="Empty: until revoked.")
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoke_reason = models.CharField(max_length=500, blank=True)
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = retained_history()

    objects = DesignationQuerySet.as_manager()

    class Meta:
        ordering = ["site__name", "user__full_name"]
        indexes = [models.Index(fields=["user", "site"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="moderation_designation_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.site}"

    @property
    def in_force(self) -> bool:
        today = timezone.localdate()
        return (
            self.revoked_at is None
            and self.starts_on <= today
            and (self.ends_on is None or self.ends_on >= today)
        )


# --- The policy ---------------------------------------------------------------------------------
class PolicyVersion(RetainedModel):
    """A version of the City's Social Media Policy, as adopted. The full text is entered by
    administrators; every decision records the version in force when it was made."""

    label = models.CharField(max_length=100, help_text="e.g. “Adopted 2019, rev. 2024”")
    text = models.TextField()
    effective_on = models.DateField()
    # Each category's public description in this version ({code: text}); a category without
    # one is described by PolicyCategory.description.
    category_descriptions = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = retained_history()

    class Meta:
        ordering = ["-effective_on", "-id"]
        get_latest_by = "effective_on"

    def __str__(self) -> str:
        return f"{self.label} (effective {self.effective_on:%Y-%m-%d})"


class PolicyCategory(RetainedModel):
    """One of the policy's sixteen kinds of comment that may be removed."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=120)
    description = models.TextField(help_text="What the category covers, in plain words.")
    position = models.PositiveSmallIntegerField(default=0)
    sub_reasons = models.JSONField(
        default=list, blank=True, help_text="Finer reasons, e.g. spam or unduly lengthy."
    )
    judgment_call = models.BooleanField(
        default=False,
        help_text="Removals in this category turn on judgment and are always reviewed.",
    )
    rationale_template = models.TextField(blank=True)
    queue_priority = models.PositiveSmallIntegerField(
        default=1, help_text="Higher comes first in the queue (threats are highest)."
    )
    history = retained_history()

    class Meta:
        ordering = ["position", "code"]
        verbose_name_plural = "policy categories"

    def __str__(self) -> str:
        return self.name


# --- What arrives from the platforms ------------------------------------------------------------
class PublicAccount(RetainedModel):
    """A member of the public as the platform identifies them."""

    platform = models.CharField(max_length=16, choices=Platform.choices)
    external_id = models.CharField(max_length=200)
    handle = models.CharField(max_length=200, blank=True)
    display_name = models.CharField(max_length=300, blank=True)
    is_legislative_body_member = models.BooleanField(
        "member of a City legislative body",
        default=False,
        help_text="Council or commission member: their exchanges may raise Brown Act concerns.",
    )
    first_seen_at = models.DateTimeField(default=timezone.now)
    history = retained_history()

    class Meta:
        ordering = ["platform", "handle"]
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "external_id"], name="moderation_account_unique"
            )
        ]

    def __str__(self) -> str:
        return self.display_name or self.handle or self.external_id


class Post(RetainedModel):
    """The City's own post: the "original topic" comments are measured against."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="posts")
    external_id = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    permalink = models.URLField(max_length=1000, blank=True)
    posted_at = models.DateTimeField(null=True, blank=True)
    captured_at = models.DateTimeField(default=timezone.now)
    raw_payload = models.JSONField(default=dict, blank=True)
    history = retained_history()

    class Meta:
        ordering = ["-posted_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["site", "external_id"], name="moderation_post_unique")
        ]

    def __str__(self) -> str:
        return (self.body[:60] + "…") if len(self.body) > 60 else (self.body or self.external_id)


class PlatformState(models.TextChoices):
    VISIBLE = "visible", "Visible"
    HIDDEN = "hidden", "Hidden"
    REMOVED = "removed", "Removed"
    DELETED = "deleted", "Deleted by author"


class QueueState(models.TextChoices):
    NONE = "none", "Not in the queue"
    OPEN = "open", "Flagged, awaiting a decision"
    ESCALATED = "escalated", "Escalated to a supervisor"


class Comment(RetainedModel):
    """A public comment on a City page. Its text as first received is kept in the first
    `CommentRevision`; `body` is the latest text. Never deleted: a removal is a state.

    On PostgreSQL `body` and `content_hash` change only to the text of one of the comment's
    revisions (a trigger, moderation migration 0012): a platform edit writes its revision
    first, then moves them, so a rewrite without a revision is refused. Its other columns are
    the City's and the platform's current view (state, queue, thread links) and change."""

    # The columns a revision must already hold before the comment may take their new values.
    REVISED_FIELDS = ("body", "content_hash")

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="comments")
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.PROTECT, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replies"
    )
    account = models.ForeignKey(PublicAccount, on_delete=models.PROTECT, related_name="comments")
    external_id = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    content_hash = models.CharField(max_length=64, help_text="SHA-256 of the latest body.")
    posted_at = models.DateTimeField(null=True, blank=True)
    permalink = models.URLField(max_length=1000, blank=True)
    # The comment's state as the City holds it: set by the City's decisions (hide, remove,
    # restore); until the City decides one of those, it follows what the platform reports.
    platform_state = models.CharField(
        max_length=10, choices=PlatformState.choices, default=PlatformState.VISIBLE
    )
    # What the platform last reported of the comment's state, kept beside the City's state and
    # never written over it: a platform re-sending a comment as visible while the City's hide
    # is still pending does not undo the hide. Ordered by the platform's own time: a report
    # dated before this one is recorded (audit `comment.late_report_recorded`), not applied.
    platform_reported_state = models.CharField(
        max_length=10,
        choices=PlatformState.choices,
        blank=True,
        help_text="Empty: the platform has not reported a state.",
    )
    platform_reported_at = models.DateTimeField(
        null=True, blank=True, help_text="The platform's own time of that report."
    )
    platform_report_source = models.CharField(
        max_length=10, blank=True, help_text="How the report came: api, webhook or import."
    )
    # The platform's own time of the current text (its posting, or the edit that set it): an
    # edit dated before it is kept as a stale revision and never becomes the body.
    body_reported_at = models.DateTimeField(null=True, blank=True)
    raw_payload = models.JSONField(default=dict, blank=True)
    captured_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # The queue's ordering, kept by the services that write flags and decisions, so the queue
    # is one indexed read at any size.
    queue_state = models.CharField(
        max_length=10, choices=QueueState.choices, default=QueueState.NONE
    )
    queue_priority = models.PositiveSmallIntegerField(default=0)
    queue_score = models.FloatField(default=0.0)
    flagged_at = models.DateTimeField(null=True, blank=True)
    # The codes of the categories of its open flags, ",profanity,threat," (kept beside the
    # queue fields by the same services): the queue's category filter is then a range scan of
    # that category's partial index (below) instead of a flag lookup per waiting comment.
    queue_categories = models.TextField(blank=True, default="")
    history = retained_history(excluded_fields=["raw_payload"])

    class Meta:
        ordering = ["-posted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "external_id"], name="moderation_comment_unique"
            )
        ]
        indexes = [
            models.Index(
                fields=["site", "-queue_priority", "-queue_score", "flagged_at", "id"],
                name="moderation_queue_priority",
                condition=~Q(queue_state="none"),
            ),
            models.Index(
                fields=["site", "flagged_at", "id"],
                name="moderation_queue_age",
                condition=~Q(queue_state="none"),
            ),
            # The queue tabs' capped counts (moderation.queue.selectors.queue_tab_counts): the
            # waiting comments of one state on the user's sites, read as one range.
            models.Index(
                fields=["queue_state", "site"],
                name="moderation_queue_state",
                condition=~Q(queue_state="none"),
            ),
            models.Index(fields=["account", "-posted_at"], name="moderation_comment_account"),
            models.Index(fields=["site", "-posted_at"], name="moderation_comment_site_time"),
            # The queue filtered by category, in its default order: one small partial index
            # per category, holding only the waiting comments with an open flag of it.
            *(
                models.Index(
                    fields=["site", "-queue_priority", "-queue_score", "flagged_at", "id"],
                    name=f"queue_{code}",
                    condition=~Q(queue_state="none") & Q(queue_categories__contains=f",{code},"),
                )
                for code in CATEGORY_CODES
            ),
        ]

    def __str__(self) -> str:
        return (self.body[:60] + "…") if len(self.body) > 60 else self.body


class CommentRevision(RetainedModel):
    """Each text a comment has had, the first included. Edits add rows; none is overwritten
    (append-only: PostgreSQL refuses UPDATE of a revision, as it does of every history row).
    An edit that arrives after a newer one (by the platform's time: a replayed or delayed
    webhook) is kept too, marked `stale`: it is a text the comment had, never its body again."""

    comment = models.ForeignKey(Comment, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField()
    body = models.TextField(blank=True)
    content_hash = models.CharField(max_length=64)
    captured_at = models.DateTimeField(default=timezone.now)
    reported_at = models.DateTimeField(
        null=True, blank=True, help_text="The platform's own time for this text."
    )
    stale = models.BooleanField(
        default=False,
        help_text="Arrived after a newer text (by the platform's time): recorded, not applied.",
    )
    raw_payload = models.JSONField(default=dict, blank=True)
    history = retained_history(excluded_fields=["raw_payload"])

    class Meta:
        ordering = ["comment_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["comment", "number"], name="moderation_revision_unique")
        ]

    def __str__(self) -> str:
        return f"Revision {self.number} of comment {self.comment_id}"


class Attachment(RetainedModel):
    """Media attached to a comment: the source address and our stored copy with its hash."""

    comment = models.ForeignKey(Comment, on_delete=models.PROTECT, related_name="attachments")
    source_url = models.URLField(max_length=2000)
    media_type = models.CharField(max_length=100, blank=True)
    file = models.FileField(upload_to="attachments/%Y/%m/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    captured_at = models.DateTimeField(default=timezone.now)
    fetch_error = models.CharField(max_length=500, blank=True)
    history = retained_history()

    class Meta:
        ordering = ["comment_id", "id"]

    def __str__(self) -> str:
        return self.source_url


# --- Flags and the rules that raise them ----------------------------------------------------------
class FlagRule(RetainedModel):
    """A supervisor-maintained rule the automatic flagger applies. Published on the public
    rules page: hidden keyword filters were held unreasonable (PETA v. Tabak, D.C. Cir. 2024)."""

    class Kind(models.TextChoices):
        KEYWORDS = "keywords", "Word or phrase list"
        REGEX = "regex", "Pattern (regular expression)"
        LINK_DOMAINS = "link_domains", "Link domains"
        LENGTH = "length", "Length limit"
        REPETITION = "repetition", "Repetition window"
        NAMES = "names", "Names (e.g. City staff directory)"
        THRESHOLD = "threshold", "Detector threshold"
        LEARNED = "learned", "Learned from the City's decisions"

    category = models.ForeignKey(PolicyCategory, on_delete=models.PROTECT, related_name="rules")
    sub_reason = models.CharField(max_length=40, blank=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    parameters = models.JSONField(default=dict, blank=True)
    public_description = models.TextField(blank=True)
    sites = models.ManyToManyField(
        Site, blank=True, related_name="flag_rules", help_text="Empty: applies to every site."
    )
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    history = retained_history()

    class Meta:
        ordering = ["category__position", "name"]

    def __str__(self) -> str:
        return self.name


class FlagSource(models.TextChoices):
    RULE = "rule", "Automatic rule"
    STAFF = "staff", "Staff"
    PLATFORM = "platform", "Platform"
    PUBLIC = "public", "Public report"


class Flag(RetainedModel):
    """Why a comment needs a person's eyes: a category, a score, and the evidence."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"

    comment = models.ForeignKey(Comment, on_delete=models.PROTECT, related_name="flags")
    source = models.CharField(max_length=10, choices=FlagSource.choices)
    category = models.ForeignKey(PolicyCategory, on_delete=models.PROTECT, related_name="flags")
    sub_reason = models.CharField(max_length=40, blank=True)
    rule = models.ForeignKey(
        FlagRule, null=True, blank=True, on_delete=models.PROTECT, related_name="flags"
    )
    detector = models.CharField(max_length=80, blank=True)
    score = models.FloatField(default=1.0)
    evidence = models.JSONField(
        default=dict,
        blank=True,
        help_text='{"spans": [{"start", "end", "text"}], "explanation": "..."}',
    )
    fingerprint = models.CharField(
        max_length=64, help_text="Same detector, category and text: the same flag (idempotency)."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by_decision = models.ForeignKey(
        "Decision", null=True, blank=True, on_delete=models.PROTECT, related_name="resolved_flags"
    )
    history = retained_history()

    class Meta:
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "fingerprint"], name="moderation_flag_unique_fingerprint"
            )
        ]
        indexes = [
            models.Index(fields=["comment", "status"]),
            # The queue's "Reported" tab: open reports from the public or the platform are few,
            # so its count starts from them rather than from every waiting comment.
            models.Index(
                fields=["comment"],
                name="moderation_flag_open_report",
                condition=Q(status="open", source__in=["public", "platform"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category} ({self.score:.2f})"


class LearnedModel(RetainedModel):
    """One training of the classifier that learns a category from the City's own decisions
    (moderation/flagging/learned.py). Append-only: every training is kept with what it was
    trained on and how it scored on the newest decisions held out from it, so supervisors can
    see why a model is (or is not) in use. On PostgreSQL a trigger refuses UPDATE and DELETE.

    `model_bytes` holds only numbers (hashed features' weights, NumPy's .npz format, read without
    pickle), never comment text; its SHA-256 is checked before it is loaded."""

    category = models.ForeignKey(
        PolicyCategory, on_delete=models.PROTECT, related_name="learned_models"
    )
    rule = models.ForeignKey(FlagRule, on_delete=models.PROTECT, related_name="learned_models")
    trained_at = models.DateTimeField(default=timezone.now)
    training_key = models.CharField(
        max_length=64, help_text="SHA-256 of the decisions and settings it was trained from."
    )
    feature_version = models.PositiveSmallIntegerField()
    library_version = models.CharField(max_length=40, help_text="scikit-learn's version.")
    decision_count = models.PositiveIntegerField(help_text="Decisions learned and measured on.")
    train_count = models.PositiveIntegerField()
    train_violations = models.PositiveIntegerField()
    holdout_count = models.PositiveIntegerField()
    holdout_violations = models.PositiveIntegerField()
    holdout_flagged = models.PositiveIntegerField(help_text="Held-out comments it would flag.")
    holdout_true_positives = models.PositiveIntegerField()
    precision = models.FloatField(null=True, blank=True)
    recall = models.FloatField(null=True, blank=True)
    threshold = models.FloatField()
    precision_floor = models.FloatField()
    activated = models.BooleanField(help_text="Met the precision floor: used to flag.")
    outcome = models.CharField(max_length=300)
    top_terms = models.JSONField(default=list, blank=True)
    model_bytes = models.BinaryField()
    model_sha256 = models.CharField(max_length=64)
    model_size = models.PositiveIntegerField()

    class Meta:
        ordering = ["-trained_at", "-id"]
        indexes = [models.Index(fields=["category", "-id"])]

    def __str__(self) -> str:
        return f"{self.category} model of {self.trained_at:%Y-%m-%d %H:%M}"


# --- Decisions, bans, claims ---------------------------------------------------------------------
class DecisionAction(models.TextChoices):
    KEEP = "keep", "Keep (no violation)"
    HIDE = "hide", "Hide"
    REMOVE = "remove", "Remove"
    RESTORE = "restore", "Restore"
    ESCALATE = "escalate", "Escalate to a supervisor"
    UNDO = "undo", "Undo of the decision before"


class RationaleSource(models.TextChoices):
    """Where a decision's rationale came from, so a reader of the record (a supervisor, a
    records requester) can tell a person's own words from a template they accepted."""

    WRITTEN = "written", "Written by the moderator"
    TEMPLATE = "template", "Category template, accepted unedited"
    TEMPLATE_EDITED = "template_edited", "Category template, edited by the moderator"
    NONE = "none", "No rationale given"
    UNRECORDED = "unrecorded", "Not recorded (decided before the portal kept this)"


class ReviewState(models.TextChoices):
    NOT_REQUIRED = "not_required", "No review needed"
    UNREVIEWED = "unreviewed", "Awaiting review"
    UPHELD = "upheld", "Upheld"
    OVERTURNED = "overturned", "Overturned"


class ReviewReason(models.TextChoices):
    """Why a decision waits for a supervisor's review, recorded when it is made."""

    NONE = "", "Not reviewed"
    JUDGMENT_CALL = "judgment_call", "Judgment call (always reviewed)"
    SAMPLE = "sample", "Random sample"


class Decision(RetainedModel):
    """A person's decision on a comment, citing the policy.

    What was decided (action, categories, rationale, policy version, actor, time, the state it
    changed) is the record and never changes. Only the supervisor's review of it (flow 4) is
    written later: on PostgreSQL a trigger refuses an UPDATE of any column but these."""

    MUTABLE_FIELDS = ("review_state", "reviewed_by", "reviewed_at", "review_note")

    comment = models.ForeignKey(Comment, on_delete=models.PROTECT, related_name="decisions")
    action = models.CharField(max_length=10, choices=DecisionAction.choices)
    categories = models.ManyToManyField(
        PolicyCategory, through="DecisionCategory", related_name="decisions", blank=True
    )
    sub_reason = models.CharField(max_length=40, blank=True)
    rationale = models.TextField(blank=True)
    rationale_source = models.CharField(
        max_length=16, choices=RationaleSource.choices, default=RationaleSource.UNRECORDED
    )
    # An undo is a decision of its own that reverses this one (the first stays on the record).
    undoes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="undone_by"
    )
    policy_version = models.ForeignKey(
        PolicyVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now, db_index=True)
    previous_platform_state = models.CharField(max_length=10, choices=PlatformState.choices)
    review_state = models.CharField(
        max_length=12, choices=ReviewState.choices, default=ReviewState.NOT_REQUIRED
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)
    # Why it is reviewed, and the random draw that decided whether it joins the sample
    # (moderation/review/sampling.py): `random.Random(review_sample_seed).random()` gives
    # `review_sample_draw`, and the decision is sampled when the draw is below
    # `review_sample_rate`, the rate in force then. Empty for decisions never drawn (judgment
    # calls, escalations, undos, restores made by a review, decisions made before the draw).
    review_reason = models.CharField(
        max_length=16, choices=ReviewReason.choices, default=ReviewReason.NONE, blank=True
    )
    review_sample_seed = models.BigIntegerField(null=True, blank=True)
    review_sample_draw = models.FloatField(null=True, blank=True)
    review_sample_rate = models.FloatField(null=True, blank=True)
    history = retained_history()

    class Meta:
        ordering = ["-decided_at", "-id"]
        indexes = [models.Index(fields=["review_state", "-decided_at"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} on comment {self.comment_id}"


class DecisionCategory(RetainedModel):
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT)
    category = models.ForeignKey(PolicyCategory, on_delete=models.PROTECT)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "category"], name="moderation_decision_category_unique"
            )
        ]


class BanScope(models.TextChoices):
    SITE = "site", "This site only"
    PLATFORM = "platform", "All City sites on this platform"


class BanState(models.TextChoices):
    PROPOSED = "proposed", "Proposed, awaiting a supervisor"
    ACTIVE = "active", "Active"
    REJECTED = "rejected", "Rejected"
    LIFTED = "lifted", "Lifted early"
    EXPIRED = "expired", "Expired"


class Ban(RetainedModel):
    """Denial of access to a City site (the policy lets the City deny access to violators).
    Proposed by a moderator, active only once a supervisor approves.

    The proposal (account, scope, site, findings, duration, policy version, proposer, time)
    never changes; its categories and evidence are append-only link rows. Only its life
    afterwards is written: a supervisor's approval or rejection, its start and end, lifting,
    expiry. On PostgreSQL a trigger refuses an UPDATE of any column but these."""

    MUTABLE_FIELDS = (
        "state",
        "decided_by",
        "decided_at",
        "decision_note",
        "starts_at",
        "ends_at",
        "lifted_by",
        "lifted_at",
        "lift_reason",
    )

    account = models.ForeignKey(PublicAccount, on_delete=models.PROTECT, related_name="bans")
    scope = models.CharField(max_length=10, choices=BanScope.choices, default=BanScope.SITE)
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="bans")
    categories = models.ManyToManyField(PolicyCategory, through="BanCategory", related_name="bans")
    evidence = models.ManyToManyField(Comment, through="BanEvidence", related_name="ban_evidence")
    findings = models.TextField()
    duration_days = models.PositiveIntegerField(
        null=True, blank=True, default=7, help_text="Empty: indefinite."
    )
    policy_version = models.ForeignKey(
        PolicyVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="bans"
    )
    state = models.CharField(max_length=10, choices=BanState.choices, default=BanState.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True, db_index=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)
    lift_reason = models.TextField(blank=True)
    history = retained_history()

    class Meta:
        ordering = ["-proposed_at", "-id"]
        indexes = [
            models.Index(fields=["state", "ends_at"]),
            models.Index(fields=["account", "state"]),
        ]

    def __str__(self) -> str:
        return f"Ban of {self.account} ({self.get_state_display()})"


class BanCategory(RetainedModel):
    ban = models.ForeignKey(Ban, on_delete=models.PROTECT)
    category = models.ForeignKey(PolicyCategory, on_delete=models.PROTECT)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["ban", "category"], name="moderation_ban_category_unique"
            )
        ]


class BanEvidence(RetainedModel):
    ban = models.ForeignKey(Ban, on_delete=models.PROTECT)
    comment = models.ForeignKey(Comment, on_delete=models.PROTECT)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["ban", "comment"], name="moderation_ban_evidence_unique"
            )
        ]


class AccountNote(RetainedModel):
    """A staff member's note on a public account (what they saw, what was said to them, why
    they are watching it). A note is a record like the decisions it sits beside: written once,
    never edited or deleted (on PostgreSQL a trigger refuses UPDATE and DELETE); a correction
    is a new note."""

    account = models.ForeignKey(PublicAccount, on_delete=models.PROTECT, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    history = retained_history()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["account", "-created_at"])]

    def __str__(self) -> str:
        return f"Note on {self.account} by {self.author}"


class PlatformAction(RetainedModel):
    """Something the platform must be told to do (hide, remove, restore, ban, unban, reply),
    recorded with the decision that asks for it, and what became of it (moderation/connectors):
    `pending` → `sent` (the call went out) → `confirmed` (the platform answered that it did it,
    or later reported it); or `failed` (refused, or every retry ran out: the decision stands
    and staff may retry); or `manual` (no interface for it, or no working token: on the staff
    worklist) → `done_by_hand` (who, when). `done` is a change made on the platform that the
    portal did not ask for, recorded when the platform reports it. `receipt` keeps the
    platform's last answer or the error, never the token."""

    class Kind(models.TextChoices):
        HIDE_COMMENT = "hide_comment", "Hide comment"
        REMOVE_COMMENT = "remove_comment", "Remove comment"
        RESTORE_COMMENT = "restore_comment", "Restore comment"
        BAN_ACCOUNT = "ban_account", "Ban account"
        UNBAN_ACCOUNT = "unban_account", "Lift ban on account"
        REPLY_COMMENT = "reply_comment", "Reply to comment"

    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent, awaiting the platform's answer"
        CONFIRMED = "confirmed", "Confirmed by the platform"
        FAILED = "failed", "Failed"
        MANUAL = "manual", "To be done by hand on the platform"
        DONE_BY_HAND = "done_by_hand", "Done by hand on the platform"
        DONE = "done", "Done on the platform (not requested by the portal)"

    OPEN_STATES = ("pending", "sent")
    # The states in which the platform is known to have done it.
    CARRIED_OUT = ("confirmed", "done_by_hand", "done")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="platform_actions")
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.PROTECT, related_name="platform_actions"
    )
    ban = models.ForeignKey(
        Ban, null=True, blank=True, on_delete=models.PROTECT, related_name="platform_actions"
    )
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="platform_actions"
    )
    state = models.CharField(max_length=12, choices=State.choices, default=State.PENDING)
    reply_text = models.TextField(blank=True, help_text="For a reply: the text to post.")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    confirmed_via = models.CharField(
        max_length=20, blank=True, help_text="response, webhook, api, import or staff"
    )
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=1000, blank=True)
    receipt = models.JSONField(default=dict, blank=True)
    result_id = models.CharField(max_length=200, blank=True)
    manual_reason = models.CharField(max_length=300, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    done_note = models.CharField(max_length=500, blank=True)
    reported_by = models.CharField(max_length=300, blank=True)
    history = retained_history()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["state", "created_at"]),
            models.Index(fields=["comment", "-created_at"], name="moderation_action_comment"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_state_display()})"


class Claim(RetainedModel):
    """Who is working a comment, until when. One row per comment, taken over when it expires,
    so two moderators never decide the same comment at once."""

    comment = models.OneToOneField(Comment, on_delete=models.PROTECT, related_name="claim")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    claimed_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)
    history = retained_history()

    def __str__(self) -> str:
        return f"{self.user} until {self.expires_at:%H:%M}"

    @property
    def is_live(self) -> bool:
        return self.expires_at > timezone.now()


# --- Ingestion ---------------------------------------------------------------------------------
class ApiToken(RetainedModel):
    """A per-integration API token. Only its SHA-256 is stored; the token is shown once."""

    name = models.CharField(max_length=200)
    prefix = models.CharField(
        max_length=12, help_text="The token's first characters, to tell tokens apart."
    )
    token_hash = models.CharField(max_length=64, unique=True)
    sites = models.ManyToManyField(Site, related_name="api_tokens")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    last_used_at = models.DateTimeField(null=True, blank=True)
    history = retained_history(excluded_fields=["last_used_at"])

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class SubscriberSnapshot(RetainedModel):
    """A site's follower list at one moment (the policy names the list of subscribers as a
    possible public record)."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="subscriber_snapshots")
    captured_at = models.DateTimeField(default=timezone.now, db_index=True)
    subscriber_count = models.PositiveIntegerField()
    subscribers = models.JSONField(
        default=list, help_text='[{"external_id", "handle", "display_name"}]'
    )
    raw_payload = models.JSONField(default=dict, blank=True)
    history = retained_history(excluded_fields=["subscribers", "raw_payload"])

    class Meta:
        ordering = ["-captured_at"]

    def __str__(self) -> str:
        return f"{self.site} subscribers at {self.captured_at:%Y-%m-%d}"


class Reaction(RetainedModel):
    """A reaction (like, love, an emoji…) the platform reported on a comment, as it was
    reported: adding and withdrawing a reaction are two rows, never an update. Kept as a
    record, and read by the Brown Act monitor (a member's "like" on another member's comment
    can be a reply in substance)."""

    class Verb(models.TextChoices):
        ADDED = "add", "Reacted"
        CHANGED = "edit", "Changed the reaction"
        WITHDRAWN = "remove", "Withdrew the reaction"

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="reactions")
    comment = models.ForeignKey(Comment, on_delete=models.PROTECT, related_name="reactions")
    account = models.ForeignKey(PublicAccount, on_delete=models.PROTECT, related_name="reactions")
    kind = models.CharField(max_length=40, help_text="The platform's name for it (like, love…).")
    verb = models.CharField(max_length=10, choices=Verb.choices)
    reacted_at = models.DateTimeField(help_text="When the platform says it happened.")
    received_at = models.DateTimeField(default=timezone.now)
    source = models.CharField(max_length=20, default="webhook")
    raw_payload = models.JSONField(default=dict, blank=True)
    history = retained_history()

    class Meta:
        ordering = ["-reacted_at", "-id"]
        constraints = [
            # A re-delivered webhook records nothing new.
            models.UniqueConstraint(
                fields=["comment", "account", "verb", "kind", "reacted_at"],
                name="moderation_reaction_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.account} {self.get_verb_display().lower()} ({self.kind})"


from moderation.brownact.models import (  # noqa: E402, F401
    BodyMember,
    BrownActAlert,
    LegislativeBody,
)
from moderation.connectors.models import SiteConnection  # noqa: E402,F401

# Answering the public (moderation/responses/models.py), part of this app.
from moderation.responses.models import (  # noqa: E402, F401
    CommentReply,
    PlatformReport,
    PostingRequest,
    ResponseNeed,
    ResponseTopic,
    SavedReply,
    StaffDirectoryEntry,
)

# Telling staff how their decisions fared on review (moderation/review/models.py).
from moderation.review.models import ReviewNotification  # noqa: E402, F401
