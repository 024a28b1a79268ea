"""The profanity model (alt-profanity-check, a linear SVM over word n-grams) combined with
the word list: the model's probability is reported on every profanity flag and raises its
score; on its own the model flags only above a supervisor-set threshold (off by default,
because it also scores plain criticism such as "this is stupid" as profane)."""

from __future__ import annotations

from dataclasses import replace

from moderation.flagging.document import MAX_CLASSIFY_CHARS, Document
from moderation.flagging.services import FlagCandidate

# Probabilities computed ahead for a batch of comments (`offensiveness_prefetch`): the model
# costs a few milliseconds a call whatever the list's length, so a batch is scored at once.
_PREFETCHED: dict[str, float] = {}
PREFETCH_LIMIT = 5_000


def offensiveness_prefetch(texts: list[str]) -> None:
    """Score these comments (as written) with the model in one call, for `offensiveness`."""
    from profanity_check import predict_prob  # loads the model once (about a second)

    todo = list(dict.fromkeys(t[:MAX_CLASSIFY_CHARS] for t in texts if t and t.strip()))
    if not todo:
        return
    if len(_PREFETCHED) + len(todo) > PREFETCH_LIMIT:
        _PREFETCHED.clear()
    _PREFETCHED.update(zip(todo, (float(p) for p in predict_prob(todo)), strict=True))


def offensiveness(doc: Document) -> float:
    """The model's probability for this comment, computed once and kept on the document: the
    profanity rule, the threats detector and the hate detector all read it (and only when
    they need it). The model also reads the de-obfuscated text when normalisation changed
    anything ("f u c k" means nothing to it as written); the higher probability counts.
    A comment its batch scored ahead costs no call, unless it hid its words that way."""
    cached = doc.__dict__.get("_profanity_probability")
    if cached is None:
        from profanity_check import predict_prob  # loads the model once (about a second)

        # Distinct from the plain words view only when an evasion was undone.
        views = [view.text for view in doc.norm.deobfuscated[:1]]
        ahead = _PREFETCHED.get(doc.text)
        if ahead is None:
            views.insert(0, doc.text)
        probabilities = [float(p) for p in predict_prob(views)] if views else []
        cached = max([*probabilities, *([] if ahead is None else [ahead])])
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
