"""The classifier learned from the City's own decisions: trained by the beat task once there
are enough decisions (and only then), measured on the newest decisions, used only above the
precision floor, adding flags beside the rules and never taking one away; shown to
supervisors; every training on the record."""

from __future__ import annotations

import hashlib
import itertools

import numpy as np
import pytest
from django.db import transaction

from accounts.roles import MODERATOR
from audit.events import AuditVerb
from audit.models import AuditEvent
from moderation.flagging import learned
from moderation.flagging.learned import (
    N_FEATURES,
    ModelUnreadable,
    Weights,
    learned_models_train,
)
from moderation.flagging.tasks import classify_comments, train_learned_models
from moderation.models import Flag, FlagRule, FlagSource, LearnedModel
from moderation.rules.services import flag_rule_set_active
from outbox.services import task_enqueue
from tests.conftest import sign_in
from tests.factories import DesignationFactory, UserFactory
from tests.moderation.bans.scene import decided_comment
from tests.moderation.flagging.support import comment_make
from tests.test_celery_worker import wait_until

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_model_cache():
    """Each test's models are new rows: start from an empty per-process cache."""
    learned._LOADED.clear()
    yield
    learned._LOADED.clear()


CATEGORY = "public_safety"

# What residents reported that staff removed as compromising a public facility's safety,
# composed from parts (our own words), and ordinary comments staff kept.
PLACES = ("pump station", "water yard", "reservoir", "corporation yard", "sewer lift station")
WEAKNESSES = (
    "the back fence has a gap big enough to walk through",
    "the side door never latches so anyone can get inside",
    "the padlock on the rear gate is just hanging open",
    "there is a hole cut in the chain link behind the tanks",
    "the keypad box is propped open with a rock",
)
WHEN = ("after midnight", "on weekends", "every night after ten", "when the crew leaves at 4")
KEPT = (
    "Thank you for fixing the potholes on Chapman, the drive is so much smoother now.",
    "What day is bulky item pickup on the west side this month?",
    "The library story time was lovely, my daughter wants to go every week.",
    "Will the council meeting on Tuesday be streamed for people who work late?",
    "I think the new water rates are too high for seniors on a fixed income.",
    "Can someone look at the streetlight on Magnolia, it has been out for two weeks.",
    "Great job on the park renovation, the shade structures really help.",
    "Is the farmers market still on Saturdays through the summer?",
    "The trash truck skipped our alley again, who should we call?",
    "Please add more crosswalk signals near the elementary school.",
)


def violating_texts():
    for place, weakness, when in itertools.product(PLACES, WEAKNESSES, WHEN):
        yield f"heads up, at the {place} {weakness} and nobody checks {when}"


def kept_texts():
    for i, (text, suffix) in enumerate(
        itertools.product(KEPT, ("", " Thanks!", " Just wondering.", " Appreciate it."))
    ):
        yield f"{text}{suffix}" if i % 2 else f"{suffix.strip()} {text}".strip()


def decide_many(site, moderator, *, violations: int, kept: int, texts=None):
    """`violations` removals citing CATEGORY and `kept` keeps, interleaved in time, made
    through the real services (flag, then decide)."""
    bad, good = (texts or violating_texts()), kept_texts()
    pending = ["remove"] * violations + ["keep"] * kept
    order = sorted(range(len(pending)), key=lambda i: (i * 7919) % len(pending))
    for index in order:
        action = pending[index]
        body = next(bad) if action == "remove" else next(good)
        decided_comment(site, moderator, action=action, category=CATEGORY, body=body)


def learned_rule() -> FlagRule:
    return FlagRule.objects.get(category__code=CATEGORY, kind=FlagRule.Kind.LEARNED)


def test_each_learnable_category_has_a_published_learned_rule(client):
    rules = FlagRule.objects.filter(kind=FlagRule.Kind.LEARNED, active=True)
    assert rules.count() == 11
    assert not rules.filter(category__code__in=["copyright", "brown_act"]).exists()
    assert all(rule.history.filter(history_type="+").exists() for rule in rules)
    events = AuditEvent.objects.filter(verb=AuditVerb.FLAG_RULE_CREATED, data__kind="learned")
    assert events.count() == 11
    page = client.get("/rules/").content.decode()
    assert "Learned from the City&#x27;s decisions: compromises public safety" in page


def test_below_the_minimum_nothing_is_trained(site, moderator):
    decide_many(site, moderator, violations=20, kept=40)
    outcome = train_learned_models.apply().get()
    assert outcome[CATEGORY].startswith("not trained: 20 of 30 removals or hides")
    assert not LearnedModel.objects.exists()
    assert not AuditEvent.objects.filter(verb=AuditVerb.LEARNED_MODEL_TRAINED).exists()


def test_trained_above_the_minimum_flags_a_similar_comment_and_runs_once(site, moderator):
    decide_many(site, moderator, violations=36, kept=36)
    outcome = train_learned_models.apply().get()
    assert outcome[CATEGORY] == "in use: held-out precision meets the floor", outcome
    model = LearnedModel.objects.get()
    assert model.category.code == CATEGORY and model.rule == learned_rule()
    assert model.decision_count == 72 and model.holdout_count == 15  # the newest 20 %
    assert model.train_count == 57
    assert model.activated and model.precision >= 0.8 and model.recall is not None
    assert model.threshold == 0.7 and model.precision_floor == 0.8
    assert model.model_size == len(bytes(model.model_bytes)) and len(model.model_sha256) == 64
    assert any(term[0] in ("fence", "gap", "nobody checks") for term in model.top_terms)
    event = AuditEvent.objects.get(verb=AuditVerb.LEARNED_MODEL_TRAINED)
    assert event.target_id == str(model.pk) and event.actor is None
    assert event.data["category"] == CATEGORY and event.data["activated"] is True
    assert event.data["precision"] == model.precision

    # Nothing new to learn from: the second run trains nothing and records nothing.
    again = train_learned_models.apply().get()
    assert again[CATEGORY].startswith("unchanged")
    assert LearnedModel.objects.count() == 1
    assert AuditEvent.objects.filter(verb=AuditVerb.LEARNED_MODEL_TRAINED).count() == 1

    similar = comment_make(
        site=site,
        body="FYI the fence at the reservoir has a big gap and nobody checks it at night",
    )
    unrelated = comment_make(site=site, body="When does the splash pad open for the season?")
    classify_comments(comment_ids=[similar.pk, unrelated.pk])
    flag = Flag.objects.get(comment=similar)
    assert flag.source == FlagSource.RULE and flag.detector == "learned"
    assert flag.category.code == CATEGORY and flag.rule == learned_rule()
    assert flag.score >= 0.7
    assert "Similar to the" in flag.evidence["explanation"]
    assert "comments the City removed or hid for" in flag.evidence["explanation"]
    for span in flag.evidence["spans"]:
        assert similar.body[span["start"] : span["end"]] == span["text"]
    assert flag.evidence["spans"], flag.evidence
    assert not Flag.objects.filter(comment=unrelated).exists()
    # A re-run adds nothing.
    classify_comments(comment_ids=[similar.pk])
    assert Flag.objects.filter(comment=similar).count() == 1


def test_it_adds_flags_and_never_takes_a_rules_flag_away(site, moderator):
    decide_many(site, moderator, violations=36, kept=36)
    learned_models_train()
    # A veiled threat the rules flag, in words like the removed ones: both concerns stay.
    comment = comment_make(
        site=site,
        body="Watch your back. At the pump station the back fence has a gap and nobody checks.",
    )
    classify_comments(comment_ids=[comment.pk])
    detectors = dict(Flag.objects.filter(comment=comment).values_list("category__code", "detector"))
    assert detectors["threat"] == "pattern"
    assert detectors[CATEGORY] == "learned"


def test_a_switched_off_learned_rule_adds_no_flag(site, moderator, admin):
    decide_many(site, moderator, violations=36, kept=36)
    learned_models_train()
    with transaction.atomic():
        flag_rule_set_active(actor=admin, rule=learned_rule(), active=False)
    comment = comment_make(
        site=site, body="the water yard side door never latches, anyone can walk in"
    )
    classify_comments(comment_ids=[comment.pk])
    assert not Flag.objects.filter(comment=comment).exists()


def test_a_model_below_the_precision_floor_is_recorded_but_not_used(site, moderator):
    # Staff removed and kept the same kind of comment: nothing to learn, precision is poor.
    texts = itertools.cycle(kept_texts())
    decide_many(site, moderator, violations=36, kept=36, texts=texts)
    outcome = learned_models_train()
    model = LearnedModel.objects.get()
    assert not model.activated, (model.precision, outcome)
    assert outcome[CATEGORY].startswith("not used")
    assert AuditEvent.objects.get(verb=AuditVerb.LEARNED_MODEL_TRAINED).data["activated"] is False
    comment = comment_make(site=site, body=next(kept_texts()))
    classify_comments(comment_ids=[comment.pk])
    assert not Flag.objects.filter(comment=comment, detector="learned").exists()


def test_a_model_whose_bytes_do_not_match_their_hash_is_refused():
    weights = Weights(coef=np.zeros(N_FEATURES, dtype=np.float32), intercept=0.5)
    data = weights.dump()
    with pytest.raises(ModelUnreadable, match="SHA-256"):
        Weights.load(data, sha256="0" * 64)
    assert Weights.load(data, sha256=hashlib.sha256(data).hexdigest()).intercept == 0.5


def test_supervisors_see_each_models_metrics_and_history(client, site, moderator, supervisor):
    decide_many(site, moderator, violations=36, kept=36)
    learned_models_train()
    model = LearnedModel.objects.get()
    sign_in(client, supervisor)
    page = client.get("/rules/learned/").content.decode()
    assert "Classifiers learned from the City" in page
    assert f"{model.precision:.2f}" in page
    assert f"on {model.train_count} decisions" in page
    assert "36 removals or hides (at least 30 needed)" in page
    history = client.get(f"/rules/learned/{CATEGORY}/").content.decode()
    assert "Met the floor" in history and model.model_sha256[:12] in history
    assert client.get("/rules/learned/no-such-category/").status_code == 404


def test_the_pages_cost_a_constant_number_of_queries(
    client, site, moderator, supervisor, django_assert_max_num_queries
):
    decide_many(site, moderator, violations=36, kept=36)
    learned_models_train()
    sign_in(client, supervisor)
    with django_assert_max_num_queries(20):
        assert client.get("/rules/learned/").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(f"/rules/learned/{CATEGORY}/").status_code == 200


def test_the_beat_schedule_runs_training_hourly():
    from stanton.celery import app

    app.loader.import_default_modules()
    entry = app.conf.beat_schedule["moderation-train-learned-models"]
    assert entry["task"] == "moderation.flagging.train_learned_models"
    assert entry["task"] in app.tasks


def test_a_category_has_one_learned_rule(admin):
    from moderation.models import PolicyCategory
    from moderation.rules.services import flag_rule_create
    from stanton.errors import ActionRefused

    with pytest.raises(ActionRefused, match="already has its rule learned"), transaction.atomic():
        flag_rule_create(
            actor=admin,
            category=PolicyCategory.objects.get(code=CATEGORY),
            name="A second one",
            kind=FlagRule.Kind.LEARNED,
            parameters={},
        )


def test_the_public_page_shows_the_settings_in_force(client):
    page = client.get("/rules/").content.decode()
    assert "Precision floor" in page and "<code>0.8</code>" in page


@pytest.mark.worker
def test_training_and_scoring_through_a_real_worker(celery_worker, transactional_db, site, admin):
    """Beat's task through `celery -A stanton worker` and Redis, then a classification in the
    same worker process, which reads the new model from the database."""
    moderator = UserFactory(email="learner@stanton.example", roles=[MODERATOR])
    DesignationFactory(user=moderator, site=site, designated_by=admin)
    decide_many(site, moderator, violations=36, kept=36)
    with transaction.atomic():
        task_enqueue("moderation.flagging.train_learned_models")
    assert wait_until(lambda: LearnedModel.objects.exists(), seconds=120)
    assert LearnedModel.objects.get().activated
    with transaction.atomic():
        comment = comment_make(
            site=site, body="the reservoir side door never latches and nobody checks at night"
        )
        task_enqueue("moderation.flagging.classify_comments", comment_ids=[comment.pk])
    assert wait_until(lambda: Flag.objects.filter(comment=comment, detector="learned").exists())
    assert celery_worker.poll() is None


def test_a_model_is_read_once_per_process_and_dropped_when_superseded(site, moderator, monkeypatch):
    decide_many(site, moderator, violations=36, kept=36)
    learned_models_train()
    reads = []
    original = Weights.load.__func__

    def counting(cls, data, *, sha256):
        reads.append(sha256)
        return original(cls, data, sha256=sha256)

    monkeypatch.setattr(Weights, "load", classmethod(counting))
    for text in ("the pump station side door never latches", "the reservoir padlock is open"):
        classify_comments(comment_ids=[comment_make(site=site, body=text).pk])
    assert len(reads) == 1
    first = LearnedModel.objects.get()
    assert set(learned._LOADED) == {first.pk}
    # New decisions, a new model: the old one leaves the cache, the new one is read once.
    decide_many(site, moderator, violations=4, kept=0)
    learned_models_train()
    newest = LearnedModel.objects.order_by("-id").first()
    assert newest.pk != first.pk and newest.activated
    classify_comments(comment_ids=[comment_make(site=site, body="hello there").pk])
    assert set(learned._LOADED) == {newest.pk} and len(reads) == 2


def test_a_training_record_cannot_be_rewritten_or_deleted(require_postgresql, site, moderator):
    from tests.test_append_only import refused

    decide_many(site, moderator, violations=36, kept=36)
    learned_models_train()
    model = LearnedModel.objects.get()
    refused("UPDATE moderation_learnedmodel SET precision = 1.0 WHERE id = %s", [model.pk])
    refused("UPDATE moderation_learnedmodel SET activated = activated WHERE id = %s", [model.pk])
    refused("DELETE FROM moderation_learnedmodel WHERE id = %s", [model.pk])
    assert LearnedModel.objects.get().precision == model.precision
