"""The classifier that learns from the City's own decisions, one model per policy category.

What it learns from: for each comment the City has decided, its latest keep, hide, remove or
restore decision (an escalation is not an answer yet; an overturned removal ends in a restore,
so it counts as not a violation). A comment is an example of a category when that decision
hid or removed it citing the category; every other decided comment is a counter-example. Only
the City's decisions train it: no outside data, no bundled corpus.

How it is measured: the decisions are put in time order, the model is trained on the older
ones and measured on the newest `holdout_share` of them, which it never saw. The model so
measured is the model that is stored and used, so its precision and recall are its own. A
model whose held-out precision is below the category rule's floor is recorded but not used.

What it does: beside the rules, in the classification task (batch.py), it scores each comment
with the category's newest model in use and, at or above its threshold, adds a flag (source
`rule`, detector `learned`, the category's learned FlagRule), unless a rule already flagged the
comment in that category: one concern, one flag. It never removes or lowers a rule's flag and
never decides anything; a person does.

Features are hashed (words and word pairs of the normalised text, and character 3- to
5-grams), so a stored model is a vector of weights and holds no comment text: nothing a
redaction would have to reach. It is stored as NumPy's .npz, read with `allow_pickle=False`
after its SHA-256 is checked, and cached once per worker process per model (rows never
change, so the row id is the version).
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import sklearn
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from scipy import sparse
from sklearn.feature_extraction import FeatureHasher
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, HashingVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import normalize

from audit.events import AuditVerb
from audit.services import audit_record
from moderation.flagging.normalize import View, clean_view, words_view
from moderation.flagging.rule_settings import LEARNED, LearnedSettings, rule_settings_read
from moderation.flagging.rules import CompiledRule, RuleSet
from moderation.flagging.services import FlagCandidate
from moderation.models import (
    Comment,
    Decision,
    DecisionAction,
    DecisionCategory,
    FlagRule,
    LearnedModel,
)

logger = logging.getLogger(__name__)

DETECTOR = "learned"
# Bump when the features change: a stored model is only read with the features it was made with.
FEATURE_VERSION = 1
WORD_FEATURES = 2**18
CHAR_FEATURES = 2**18
N_FEATURES = WORD_FEATURES + CHAR_FEATURES
# The model reads at most this much of a comment, as the detectors do (document.py).
MAX_CHARS = 20_000
# Decisions that answer "was this a violation?": the comment's latest one of these counts.
LABEL_ACTIONS = (
    DecisionAction.KEEP,
    DecisionAction.HIDE,
    DecisionAction.REMOVE,
    DecisionAction.RESTORE,
)
VIOLATION_ACTIONS = (DecisionAction.HIDE, DecisionAction.REMOVE)
# A term is shown as one of a model's weightiest only if this many of its training examples
# contain it: a phrase from a single comment (a name, an address) is never listed.
TOP_TERM_MIN_EXAMPLES = 3
TOP_TERMS = 10
EXPLAINED_TERMS = 3
# Regularisation of the logistic regression (larger: fits the City's examples more closely).
REGULARISATION_C = 4.0


# --- features ----------------------------------------------------------------------------------
def _views(text: str) -> tuple[View, View]:
    clean = clean_view(text[:MAX_CHARS])
    return clean, words_view(clean)


def word_terms(words: View) -> list[tuple[str, int, int]]:
    """Words (two characters or more, or digits) and pairs of neighbouring words, each with
    its [start, end) in the `words` view."""
    tokens = [
        (m.group(), m.start(), m.end())
        for m in re.finditer(r"\S+", words.text)
        if len(m.group()) > 1 or m.group().isdigit()
    ]
    terms = list(tokens)
    for (a, start, _), (b, _, end) in zip(tokens, tokens[1:], strict=False):
        terms.append((f"{a} {b}", start, end))
    return terms


_WORD_HASHER = FeatureHasher(
    n_features=WORD_FEATURES, input_type="string", alternate_sign=False, dtype=np.float32
)
_CHAR_HASHER = HashingVectorizer(
    analyzer="char_wb",
    ngram_range=(3, 5),
    n_features=CHAR_FEATURES,
    alternate_sign=False,
    binary=True,
    norm="l2",
    lowercase=False,
    dtype=np.float32,
)


def features(texts: Sequence[str]) -> sparse.csr_matrix:
    """One row per text: word and word-pair presence, then character n-gram presence, each
    half scaled to unit length."""
    views = [_views(text) for text in texts]
    words = _WORD_HASHER.transform([[t for t, _, _ in word_terms(w)] for _, w in views])
    words.data[:] = 1.0
    words = normalize(words)
    chars = _CHAR_HASHER.transform([clean.text for clean, _ in views])
    return sparse.hstack([words, chars], format="csr", dtype=np.float32)


def term_indices(terms: Sequence[str]) -> list[int]:
    """The feature index of each word term (the same hashing as `features`)."""
    if not terms:
        return []
    matrix = _WORD_HASHER.transform([[term] for term in terms]).tocsr()
    return [int(matrix.indices[matrix.indptr[i]]) for i in range(len(terms))]


# --- stored weights ------------------------------------------------------------------------------
class ModelUnreadable(Exception):
    """A stored model failed its SHA-256 check or is not a model of today's features."""


@dataclass(frozen=True)
class Weights:
    coef: np.ndarray  # N_FEATURES float32
    intercept: float

    def probabilities(self, matrix: sparse.csr_matrix) -> np.ndarray:
        margins = matrix @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-np.asarray(margins, dtype=np.float64)))

    def dump(self) -> bytes:
        nonzero = np.flatnonzero(self.coef).astype(np.int32)
        buffer = io.BytesIO()
        np.savez_compressed(
            buffer,
            feature_version=np.array([FEATURE_VERSION], dtype=np.int32),
            n_features=np.array([N_FEATURES], dtype=np.int64),
            indices=nonzero,
            values=self.coef[nonzero].astype(np.float32),
            intercept=np.array([self.intercept], dtype=np.float64),
        )
        return buffer.getvalue()

    @classmethod
    def load(cls, data: bytes, *, sha256: str) -> Weights:
        if hashlib.sha256(data).hexdigest() != sha256:
            raise ModelUnreadable("its bytes do not match the SHA-256 recorded with it")
        try:
            with np.load(io.BytesIO(data), allow_pickle=False) as stored:
                version = int(stored["feature_version"][0])
                size = int(stored["n_features"][0])
                indices, values = stored["indices"], stored["values"]
                intercept = float(stored["intercept"][0])
        except (OSError, KeyError, ValueError, IndexError) as exc:
            raise ModelUnreadable(f"it cannot be read ({exc})") from exc
        if version != FEATURE_VERSION or size != N_FEATURES:
            raise ModelUnreadable(f"it was made for features version {version}")
        coef = np.zeros(N_FEATURES, dtype=np.float32)
        coef[indices] = values
        return cls(coef=coef, intercept=intercept)


# --- what it learns from -----------------------------------------------------------------------
@dataclass(frozen=True)
class Example:
    decision_id: int
    comment_id: int
    decided_at: datetime
    codes: frozenset[str]  # the categories cited, if the decision hid or removed the comment
    text: str
    content_hash: str


def learned_examples(*, limit: int) -> list[Example]:
    """The City's latest answer on each of the `limit` most recently decided comments, oldest
    first (four queries whatever the number)."""
    latest: dict[int, tuple[int, str, datetime]] = {}
    rows = (
        Decision.objects.filter(action__in=LABEL_ACTIONS)
        .order_by("-decided_at", "-id")
        .values_list("id", "comment_id", "action", "decided_at")
    )
    for decision_id, comment_id, action, decided_at in rows.iterator(chunk_size=5000):
        if comment_id not in latest:
            latest[comment_id] = (decision_id, action, decided_at)
            if len(latest) >= limit:
                break
    violations = [d for d, action, _ in latest.values() if action in VIOLATION_ACTIONS]
    codes: dict[int, set[str]] = {}
    for decision_id, code in DecisionCategory.objects.filter(
        decision_id__in=violations
    ).values_list("decision_id", "category__code"):
        codes.setdefault(decision_id, set()).add(code)
    bodies = {
        pk: (body, content_hash)
        for pk, body, content_hash in Comment.objects.filter(pk__in=list(latest)).values_list(
            "pk", "body", "content_hash"
        )
    }
    examples = [
        Example(
            decision_id=decision_id,
            comment_id=comment_id,
            decided_at=decided_at,
            codes=frozenset(codes.get(decision_id, ())),
            text=bodies[comment_id][0],
            content_hash=bodies[comment_id][1],
        )
        for comment_id, (decision_id, _action, decided_at) in latest.items()
        if comment_id in bodies and bodies[comment_id][0].strip()
    ]
    examples.sort(key=lambda e: (e.decided_at, e.decision_id))
    return examples


def _training_key(settings: LearnedSettings, examples: Sequence[Example], labels) -> str:
    payload = {
        "features": FEATURE_VERSION,
        "settings": [
            settings.threshold,
            settings.precision_floor,
            settings.min_violations,
            settings.min_others,
            settings.holdout_share,
            settings.max_decisions,
        ],
        "examples": [
            [e.decision_id, e.content_hash, bool(y)] for e, y in zip(examples, labels, strict=True)
        ],
    }
    return hashlib.sha256(json.dumps(payload, separators=(",", ":")).encode()).hexdigest()


def _telling(term: str) -> bool:
    """Worth showing a person: not only common function words or numbers."""
    words = term.split(" ")
    return not all(w in ENGLISH_STOP_WORDS or w.isdigit() or len(w) < 3 for w in words)


def _top_terms(weights: Weights, positives: Sequence[Example]) -> list[list[Any]]:
    """The word terms that push hardest towards the category, among those at least
    TOP_TERM_MIN_EXAMPLES of its training examples contain."""
    counts: Counter[str] = Counter()
    for example in positives:
        _, words = _views(example.text)
        counts.update({term for term, _, _ in word_terms(words)})
    common = [term for term, n in counts.items() if n >= TOP_TERM_MIN_EXAMPLES and _telling(term)]
    weighted = [
        (term, float(weights.coef[index]), counts[term])
        for term, index in zip(common, term_indices(common), strict=True)
    ]
    weighted = [w for w in weighted if w[1] > 0]
    weighted.sort(key=lambda w: (-w[1], w[0]))
    return [[term, round(weight, 3), n] for term, weight, n in weighted[:TOP_TERMS]]


# --- training ------------------------------------------------------------------------------------
def learned_rules() -> list[FlagRule]:
    """The learned rule of each category (the first, should there be two)."""
    rules: dict[int, FlagRule] = {}
    for rule in FlagRule.objects.filter(kind=LEARNED).select_related("category").order_by("pk"):
        rules.setdefault(rule.category_id, rule)
    return sorted(rules.values(), key=lambda r: (r.category.position, r.category.code))


def learned_models_train(*, clock: Callable[[], datetime] | None = None) -> dict[str, str]:
    """Train each category's model if its learned rule's minimums are met and anything it
    would learn from changed since its last training. Returns {category code: outcome}.
    Idempotent: a second run with no new decision trains nothing (and records nothing)."""
    rules = learned_rules()
    if not rules:
        return {}
    settings_by_rule: dict[int, LearnedSettings] = {}
    outcomes: dict[str, str] = {}
    for rule in rules:
        try:
            settings = rule_settings_read(rule.kind, rule.parameters)
        except ValidationError as exc:
            outcomes[rule.category.code] = "not trained: the rule's settings are invalid: " + (
                " ".join(exc.messages)
            )
            continue
        assert isinstance(settings, LearnedSettings)
        settings_by_rule[rule.pk] = settings
    if not settings_by_rule:
        return outcomes
    examples = learned_examples(limit=max(s.max_decisions for s in settings_by_rule.values()))
    matrix: sparse.csr_matrix | None = None

    def matrix_rows(start: int) -> sparse.csr_matrix:
        nonlocal matrix
        if matrix is None:
            matrix = features([e.text for e in examples])
        return matrix[start:]

    for rule in rules:
        settings = settings_by_rule.get(rule.pk)
        if settings is not None:
            outcomes[rule.category.code] = _category_train(
                rule=rule, settings=settings, examples=examples, matrix_rows=matrix_rows
            )
    return outcomes


def _category_train(
    *,
    rule: FlagRule,
    settings: LearnedSettings,
    examples: list[Example],
    matrix_rows: Callable[[int], sparse.csr_matrix],
) -> str:
    code = rule.category.code
    start = max(0, len(examples) - settings.max_decisions)
    chosen = examples[start:]
    labels = np.array([code in e.codes for e in chosen], dtype=bool)
    violations, others = int(labels.sum()), int((~labels).sum())
    if violations < settings.min_violations or others < settings.min_others:
        return (
            f"not trained: {violations} of {settings.min_violations} removals or hides "
            f"needed, {others} of {settings.min_others} other decisions"
        )
    holdout = max(1, math.ceil(len(chosen) * settings.holdout_share))
    cut = len(chosen) - holdout
    if labels[:cut].all() or not labels[:cut].any():
        return "not trained: the older decisions are all of one kind"
    key = _training_key(settings, chosen, labels)
    with transaction.atomic():
        # One training per category at a time (beat and a redelivered message may overlap).
        FlagRule.objects.select_for_update().filter(pk=rule.pk).first()
        latest = LearnedModel.objects.filter(category_id=rule.category_id).order_by("-id").first()
        if latest is not None and latest.training_key == key:
            return "unchanged: no new decisions since the last training"
        matrix = matrix_rows(start)
        classifier = LogisticRegression(
            C=REGULARISATION_C, class_weight="balanced", solver="liblinear", max_iter=1000
        )
        classifier.fit(matrix[:cut], labels[:cut])
        weights = Weights(
            coef=classifier.coef_[0].astype(np.float32), intercept=float(classifier.intercept_[0])
        )
        flagged = weights.probabilities(matrix[cut:]) >= settings.threshold
        truth = labels[cut:]
        true_positives = int((flagged & truth).sum())
        precision = true_positives / int(flagged.sum()) if flagged.any() else None
        recall = true_positives / int(truth.sum()) if truth.any() else None
        activated = precision is not None and precision >= settings.precision_floor
        if activated:
            outcome = "in use: held-out precision meets the floor"
        elif precision is None:
            outcome = "not used: it flagged none of the newest decisions (precision unknown)"
        else:
            outcome = (
                f"not used: held-out precision {precision:.2f} is below the floor "
                f"{settings.precision_floor:.2f}"
            )
        data = weights.dump()
        model = LearnedModel(
            category_id=rule.category_id,
            rule=rule,
            training_key=key,
            feature_version=FEATURE_VERSION,
            library_version=sklearn.__version__,
            decision_count=len(chosen),
            train_count=cut,
            train_violations=int(labels[:cut].sum()),
            holdout_count=holdout,
            holdout_violations=int(truth.sum()),
            holdout_flagged=int(flagged.sum()),
            holdout_true_positives=true_positives,
            precision=precision,
            recall=recall,
            threshold=settings.threshold,
            precision_floor=settings.precision_floor,
            activated=activated,
            outcome=outcome,
            top_terms=_top_terms(
                weights, [e for e, y in zip(chosen[:cut], labels[:cut], strict=True) if y]
            ),
            model_bytes=data,
            model_sha256=hashlib.sha256(data).hexdigest(),
            model_size=len(data),
        )
        model.save()
        audit_record(
            actor=None,
            verb=AuditVerb.LEARNED_MODEL_TRAINED,
            target=model,
            data={
                "category": code,
                "rule_id": rule.pk,
                "decisions": len(chosen),
                "train": cut,
                "holdout": holdout,
                "violations": violations,
                "precision": precision,
                "recall": recall,
                "threshold": settings.threshold,
                "precision_floor": settings.precision_floor,
                "activated": activated,
                "model_sha256": model.model_sha256,
            },
        )
    logger.info("Learned model %s for %s: %s", model.pk, code, outcome)
    return outcome


# --- scoring, beside the rules ------------------------------------------------------------------
@dataclass(frozen=True)
class LoadedModel:
    id: int
    category: str
    category_name: str
    trained_at: datetime
    train_violations: int
    precision: float
    recall: float | None
    threshold: float
    weights: Weights


# Model id -> (category, loaded model or None if it failed its check, logged once). Rows
# never change, so a model is read once per process; a superseded one is dropped.
_LOADED: dict[int, tuple[str, LoadedModel | None]] = {}


def _models_in_use(codes: set[str]) -> dict[str, LoadedModel]:
    """The newest activated model of each category (one query; the model bytes are read once
    per process per model)."""
    newest = dict(
        LearnedModel.objects.filter(activated=True, category__code__in=codes)
        .values("category__code")
        .annotate(newest=Max("id"))
        .values_list("category__code", "newest")
    )
    current = set(newest.values())
    for pk, (code, _model) in list(_LOADED.items()):
        if code in codes and pk not in current:
            del _LOADED[pk]  # superseded: its memory goes back
    missing = [pk for pk in current if pk not in _LOADED]
    if missing:
        for row in LearnedModel.objects.filter(pk__in=missing).select_related("category"):
            code = row.category.code
            try:
                weights = Weights.load(bytes(row.model_bytes), sha256=row.model_sha256)
            except ModelUnreadable as exc:
                logger.error("Learned model %s (%s) not used: %s", row.pk, code, exc)
                _LOADED[row.pk] = (code, None)
                continue
            _LOADED[row.pk] = (
                code,
                LoadedModel(
                    id=row.pk,
                    category=code,
                    category_name=row.category.name,
                    trained_at=row.trained_at,
                    train_violations=row.train_violations,
                    precision=float(row.precision or 0.0),
                    recall=row.recall,
                    threshold=row.threshold,
                    weights=weights,
                ),
            )
    loaded = {code: _LOADED.get(pk, (code, None))[1] for code, pk in newest.items()}
    return {code: model for code, model in loaded.items() if model is not None}


@dataclass
class LearnedScorer:
    """The learned rules of a RuleSet with their categories' models in use. Build once per
    batch with `LearnedScorer.load(rules)`."""

    pairs: list[tuple[CompiledRule, LoadedModel]]

    @classmethod
    def load(cls, rules: RuleSet) -> LearnedScorer:
        learned = [rules.rules[i] for i in rules.by_kind.get(LEARNED, ())]
        if not learned:
            return cls([])
        models = _models_in_use({rule.category for rule in learned})
        pairs = []
        for rule in learned:
            model = models.get(rule.category)
            # A supervisor who raised the floor since the training is obeyed at once.
            if model is not None and model.precision >= rule.settings.precision_floor:
                pairs.append((rule, model))
        return cls(pairs)

    def candidates(self, comment: Comment, found: list[FlagCandidate]) -> list[FlagCandidate]:
        """Flags to add to what the rules `found` (never fewer, never changed)."""
        caught = {c.category for c in found}
        pairs = [
            (rule, model)
            for rule, model in self.pairs
            if rule.category not in caught and rule.applies_to(comment.site_id)
        ]
        if not pairs or not comment.body.strip():
            return []
        row = features([comment.body])
        added = []
        for rule, model in pairs:
            probability = float(model.weights.probabilities(row)[0])
            if probability >= model.threshold:
                added.append(_candidate(comment.body, rule, model, probability))
                caught.add(rule.category)
        return added


def _candidate(text: str, rule: CompiledRule, model: LoadedModel, probability: float):
    _, words = _views(text)
    terms = word_terms(words)
    indices = term_indices([t for t, _, _ in terms])
    weighted = sorted(
        (
            (float(model.weights.coef[index]), term, start, end)
            for (term, start, end), index in zip(terms, indices, strict=True)
        ),
        key=lambda w: -w[0],
    )
    spans, shown = [], []
    for weight, term, start, end in weighted:
        if weight <= 0 or len(shown) >= EXPLAINED_TERMS:
            break
        if (
            not _telling(term)
            or term in shown
            or any(term in other or other in term for other in shown)
        ):
            continue
        shown.append(term)
        first, last = words.original_span(start, end)
        spans.append({"start": first, "end": last, "text": text[first:last]})
    spans.sort(key=lambda s: s["start"])
    recall = f", recall {model.recall:.2f}" if model.recall is not None else ""
    explanation = (
        f"Similar to the {model.train_violations} comments the City removed or hid for "
        f"{model.category_name}: probability {probability:.2f} (flags at {model.threshold:.2f}), "
        f"by the model trained {model.trained_at:%Y-%m-%d} on the City's decisions "
        f"(held-out precision {model.precision:.2f}{recall})."
    )
    if shown:
        explanation += " Words weighing most: " + ", ".join(f"“{t}”" for t in shown) + "."
    return FlagCandidate(
        category=rule.category,
        detector=DETECTOR,
        score=probability,
        explanation=explanation,
        spans=spans,
        sub_reason=rule.sub_reason,
        rule_id=rule.id,
    )


# --- what supervisors see -----------------------------------------------------------------------
@dataclass(frozen=True)
class CategoryStatus:
    rule: FlagRule
    settings: LearnedSettings | None
    in_use: LearnedModel | None
    latest: LearnedModel | None
    violations: int  # decisions available now, within the rule's max_decisions
    others: int


def learned_status() -> list[CategoryStatus]:
    """Each learned rule with its model in use, its latest training and the decisions there
    are to learn from now (a constant number of queries; the model bytes are not read)."""
    rules = learned_rules()
    if not rules:
        return []
    newest = LearnedModel.objects.values("category_id").annotate(newest=Max("id"))
    latest_ids = dict(newest.values_list("category_id", "newest"))
    in_use_ids = dict(newest.filter(activated=True).values_list("category_id", "newest"))
    rows = LearnedModel.objects.defer("model_bytes").in_bulk(
        {*latest_ids.values(), *in_use_ids.values()}
    )
    parsed: dict[int, LearnedSettings | None] = {}
    for rule in rules:
        try:
            value = rule_settings_read(rule.kind, rule.parameters)
        except ValidationError:
            value = None
        parsed[rule.pk] = value if isinstance(value, LearnedSettings) else None
    limits = [s.max_decisions for s in parsed.values() if s is not None]
    examples = learned_examples(limit=max(limits)) if limits else []
    statuses = []
    for rule in rules:
        settings = parsed[rule.pk]
        chosen = examples[-settings.max_decisions :] if settings else []
        violations = sum(rule.category.code in e.codes for e in chosen)
        in_use = rows.get(in_use_ids.get(rule.category_id, 0))
        if in_use is not None and settings and (in_use.precision or 0) < settings.precision_floor:
            in_use = None  # the floor was raised above it since: the scorer skips it too
        statuses.append(
            CategoryStatus(
                rule=rule,
                settings=settings,
                in_use=in_use,
                latest=rows.get(latest_ids.get(rule.category_id, 0)),
                violations=violations,
                others=len(chosen) - violations,
            )
        )
    return statuses


def learned_history(category_code: str):
    """Every training of one category's model, newest first (without the model bytes)."""
    return (
        LearnedModel.objects.filter(category__code=category_code)
        .defer("model_bytes")
        .order_by("-id")
    )
