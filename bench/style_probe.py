"""How the flagger holds up when labelled comments are rewritten the ways strangers type.

    DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/<migrated db> \\
    .venv/bin/python -m bench.style_probe tests/fixtures/flagging_eval/generalise_dev.csv ...

Each rewrite is applied to every row of the given labelled CSVs (the `evaluate_flagging`
format), and precision/recall per category is printed for the rules the database holds. The
rewrites: capitals, lower case without punctuation, a letter held down, a dropped letter, two
letters swapped, leetspeak, punctuation without spaces, emoji. Random choices use a fixed
seed, so a run repeats. Give it dev sets only: never the blind sets (README, "Two held-out
sets").
"""

from __future__ import annotations

import os
import random
import re
import sys
from collections.abc import Callable
from pathlib import Path

CATEGORIES = ("off_topic", "commerce", "confidential", "threat", "discrimination", "sexual")
LEET = str.maketrans({"a": "4", "e": "3", "i": "1", "o": "0", "s": "5"})


def _rewrites(rng: random.Random) -> dict[str, Callable[[str], str]]:
    def each_word(text: str, share: float, change: Callable[[str], str], min_len: int) -> str:
        return " ".join(
            change(w) if len(w) >= min_len and rng.random() < share else w for w in text.split(" ")
        )

    def hold_down(word: str) -> str:
        return re.sub(r"[aeiou]", lambda m: m.group() * 3, word, count=1)

    def drop(word: str) -> str:
        j = rng.randrange(1, len(word) - 1)
        return word[:j] + word[j + 1 :]

    def swap(word: str) -> str:
        j = rng.randrange(1, len(word) - 2)
        return word[:j] + word[j + 1] + word[j] + word[j + 2 :]

    return {
        "as written": lambda t: t,
        "capitals": str.upper,
        "lower, no punctuation": lambda t: re.sub(r"[^\w\s@/:.]", "", t.lower()),
        "letter held down": lambda t: each_word(t, 0.3, hold_down, 1),
        "dropped letter": lambda t: each_word(t, 0.25, drop, 5),
        "swapped letters": lambda t: each_word(t, 0.25, swap, 5),
        "leetspeak": lambda t: each_word(t, 0.3, lambda w: w.translate(LEET), 1),
        "tight punctuation": lambda t: re.sub(r"\s*([,.!?])\s*", r"\1", t),
        "emoji": lambda t: t + " 😂😂🔥",
    }


def main(paths: list[str]) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stanton.settings")
    import django

    django.setup()
    from moderation.flagging.evaluation import LabelledRow, LabelledSet, evaluate, labelled_set_read
    from moderation.flagging.rules import ruleset_load

    if not paths or any(b in p for p in paths for b in ("blind3", "blind4", "fresh_holdout")):
        raise SystemExit("usage: python -m bench.style_probe DEV.csv ... (no blind sets)")
    rows = [r for p in paths for r in labelled_set_read(Path(p).read_bytes(), name=p).rows]
    rules = ruleset_load()
    print(f"{len(rows)} rows; precision/recall per category")
    print(f"{'rewrite':<22}" + "".join(f"{c[:12]:>14}" for c in CATEGORIES) + "  clean flagged")
    for name, rewrite in _rewrites(random.Random(7)).items():
        rewritten = LabelledSet(rows=[LabelledRow(rewrite(r.text), r.expected) for r in rows])
        report = evaluate(rewritten, rules=rules)
        cells = []
        for code in CATEGORIES:
            m = report["categories"].get(code)
            cells.append(f"{m['precision']:.2f}/{m['recall']:.2f}" if m else "-")
        clean = f"{report['flagged_rows_without_categories']}/{report['rows_without_categories']}"
        print(f"{name:<22}" + "".join(f"{c:>14}" for c in cells) + f"  {clean}")


if __name__ == "__main__":
    main(sys.argv[1:])
