"""The profanity model (alt-profanity-check, a linear SVM over word n-grams) combined with
the word list: the model's probability is reported on every profanity flag and raises its
score; on its own the model flags only above a supervisor-set threshold (off by default,
because it also scores plain criticism such as "this is stupid" as profane)."""

from __future__ import annotations

from dataclasses import replace

from moderation.flagging.document import MAX_CLASSIFY_CHARS, Document
from moderation.flagging.normalize import NormalisedText
from moderation.flagging.services import FlagCandidate

# Probabilities computed ahead for a batch of comments (`offensiveness_prefetch`): the model
# costs a few milliseconds a call whatever the list's length, so a batch is scored at once.
_PREFETCHED: dict[str, float] = {}
PREFETCH_LIMIT = 5_000


def _model_views(doc_text: str, norm: NormalisedText) -> list[str]:
    # The model reads the de-obfuscated text too ("f u c k" means nothing to it as written).
    return [doc_text] + [view.text for view in norm.deobfuscated[:1]]


def offensiveness_prefetch(texts: list[str]) -> None:
    """Score these comments with the model in one call, for `offensiveness` to find."""
    from profanity_check import predict_prob  # loads the model once (about a second)

    todo = list(dict.fromkeys(t[:MAX_CLASSIFY_CHARS] for t in texts if t and t.strip()))
    if len(_PREFETCHED) + len(todo) > PREFETCH_LIMIT:
        _PREFETCHED.clear()
    views: list[str] = []
    owners: list[int] = []
    for index, text in enumerate(todo):
        for view in _model_views(text, NormalisedText(text)):
            views.append(view)
            owners.append(index)
    if not views:
        return
    best = [0.0] * len(todo)
    for owner, probability in zip(owners, predict_prob(views), strict=True):
        best[owner] = max(best[owner], float(probability))
    _PREFETCHED.update(zip(todo, best, strict=True))


def offensiveness(doc: Document) -> float:
    """The model's probability for this comment, computed at most once and kept on the
    document: the profanity rule, the threats detector and the hate detector all read it
    (and only when they need it). The text and its de-obfuscated view go to the model in one
    call, and the higher probability counts."""
    cached = doc.__dict__.get("_profanity_probability")
    if cached is None:
        cached = _PREFETCHED.get(doc.text)
        if cached is None:
            from profanity_check import predict_prob  # loads the model once (about a second)

            views = _model_views(doc.text, NormalisedText(doc.text))
            cached = float(max(predict_prob(views)))
        doc.__dict__["_profanity_probability"] = cached
    return cached


def apply_profanity_model(doc: Document, candidates: list[FlagCandidate]) -> list[FlagCandidate]:
    rule = doc.rules.detector_rule("profanity_model", doc.context.site_id)
    if rule is None:
        return candidates
    category = rule.category
    has_words = any(c.category == category for c in candidates)
    threshold = rule.settings.model_only_threshold
    if not has_words and threshold is None:
        return candidates
    probability = offensiveness(doc)
    out = []
    for cand in candidates:
        if cand.category == category:
            cand = replace(
                cand,
                score=round(max(cand.score, 0.5 + 0.5 * probability), 3),
                explanation=f"{cand.explanation} Profanity model probability {probability:.2f}.",
            )
        out.append(cand)
    if not has_words and threshold is not None and probability >= float(threshold):
        out.append(
            FlagCandidate(
                category=category,
                sub_reason=rule.sub_reason,
                detector="profanity_model",
                score=round(probability, 3),
                explanation=f"Profanity model probability {probability:.2f} (threshold "
                f"{float(threshold):.2f}); no word from the list matched.",
                spans=[],
                rule_id=rule.id,
            )
        )
    return out
