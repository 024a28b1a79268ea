"""The profanity model (alt-profanity-check, a linear SVM over word n-grams) combined with
the word list: the model's probability is reported on every profanity flag and raises its
score; on its own the model flags only above a supervisor-set threshold (off by default,
because it also scores plain criticism such as "this is stupid" as profane)."""

from __future__ import annotations

from dataclasses import replace

from moderation.flagging.document import Document
from moderation.flagging.services import FlagCandidate


def profanity_probability(text: str) -> float:
    from profanity_check import predict_prob  # loads the model once (about a second)

    return float(predict_prob([text])[0])


def apply_profanity_model(doc: Document, candidates: list[FlagCandidate]) -> list[FlagCandidate]:
    rule = doc.rules.detector_rule("profanity_model", doc.context.site_id)
    if rule is None:
        return candidates
    category = rule.category
    has_words = any(c.category == category for c in candidates)
    threshold = rule.settings.model_only_threshold
    if not has_words and threshold is None:
        return candidates
    # The model reads the de-obfuscated text too ("f u c k" means nothing to it as written).
    views = [doc.text] + [view.text for view in doc.norm.deobfuscated[:1]]
    probability = max(profanity_probability(v) for v in views)
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
