"""Measuring the classifier on a labelled CSV (columns `text` and `categories`, codes separated
by ";"). Used by `manage.py evaluate_flagging` and by the tests' floor on our own set."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field

from moderation.flagging.detectors.profanity import offensiveness_prefetch
from moderation.flagging.engine import classify_text, predicted_categories
from moderation.flagging.rules import RuleSet
from moderation.policy.categories import CATEGORY_CODES

csv.field_size_limit(50_000_000)


class LabelledSetError(ValueError):
    """The file cannot be read as a labelled set; the message says why."""


@dataclass
class LabelledRow:
    text: str
    expected: set[str]


@dataclass
class LabelledSet:
    rows: list[LabelledRow] = field(default_factory=list)
    unknown_codes: Counter = field(default_factory=Counter)


def labelled_set_read(data: bytes, *, name: str = "the file") -> LabelledSet:
    try:
        text = data.decode("utf-8-sig")  # a byte-order mark from Excel is fine
    except UnicodeDecodeError as exc:
        raise LabelledSetError(
            f"{name} is not UTF-8 text (byte 0x{data[exc.start]:02x} at position {exc.start}). "
            "Save it as CSV UTF-8 and try again."
        ) from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        raise LabelledSetError(f"{name} is empty.")
    columns = [h.strip().casefold() for h in header]
    missing = [c for c in ("text", "categories") if c not in columns]
    if missing:
        raise LabelledSetError(
            f"{name} needs the columns “text” and “categories”; missing: "
            + ", ".join(f"“{m}”" for m in missing)
            + f". Found: {', '.join(header) or 'none'}."
        )
    text_at, categories_at = columns.index("text"), columns.index("categories")
    known = set(CATEGORY_CODES)
    result = LabelledSet()
    for values in reader:
        if not values or all(not v.strip() for v in values):
            continue  # blank line
        body = values[text_at] if text_at < len(values) else ""
        raw = values[categories_at] if categories_at < len(values) else ""
        expected = set()
        for code in raw.replace(",", ";").split(";"):
            code = code.strip().casefold()
            if not code:
                continue
            if code in known:
                expected.add(code)
            else:
                result.unknown_codes[code] += 1
        if not body.strip() and not expected:
            continue
        result.rows.append(LabelledRow(body, expected))
    return result


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else 0.0


def _prf(tp: int, fp: int, fn: int) -> dict:
    precision = _ratio(tp, tp + fp)
    recall = _ratio(tp, tp + fn)
    f1 = _ratio(2 * precision * recall, precision + recall)
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def evaluate(labelled: LabelledSet, *, rules: RuleSet) -> dict:
    """Per-category precision, recall, F1 and support; micro and macro averages; predictions."""
    tp: Counter = Counter()
    fp: Counter = Counter()
    fn: Counter = Counter()
    support: Counter = Counter()
    predictions = []
    clean_rows = flagged_clean_rows = exact = 0
    offensiveness_prefetch([row.text for row in labelled.rows])  # the model scores a list at once
    for row in labelled.rows:
        predicted = predicted_categories(classify_text(row.text, rules=rules))
        predictions.append((row.text, row.expected, predicted))
        for code in row.expected:
            support[code] += 1
            (tp if code in predicted else fn)[code] += 1
        for code in predicted - row.expected:
            fp[code] += 1
        if not row.expected:
            clean_rows += 1
            flagged_clean_rows += bool(predicted)
        exact += predicted == row.expected
    codes = sorted(set(support) | set(fp) | set(tp), key=_category_order)
    categories = {
        code: {**_prf(tp[code], fp[code], fn[code]), "support": support[code]} for code in codes
    }
    micro = {
        **_prf(sum(tp.values()), sum(fp.values()), sum(fn.values())),
        "support": sum(support.values()),
    }
    macro = {
        key: round(_ratio(sum(c[key] for c in categories.values()), len(categories)), 4)
        for key in ("precision", "recall", "f1")
    }
    macro["support"] = micro["support"]
    return {
        "categories": categories,
        "rows": len(labelled.rows),
        "micro": micro,
        "macro": macro,
        "exact_match": round(_ratio(exact, len(labelled.rows)), 4),
        "rows_without_categories": clean_rows,
        "flagged_rows_without_categories": flagged_clean_rows,
        "unknown_categories": dict(sorted(labelled.unknown_codes.items())),
        "predictions": predictions,
    }


def _category_order(code: str) -> tuple[int, str]:
    return (CATEGORY_CODES.index(code) if code in CATEGORY_CODES else 99, code)
