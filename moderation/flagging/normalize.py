"""Text normalisation that defeats common evasions and keeps a map back to the original text.

Every detector reports spans in the ORIGINAL comment (what a moderator sees, and what the
record keeps), so each normalised view carries, for each of its characters, the range of
original characters it stands for.

Views:
- `clean`: Unicode NFKC, zero-width and combining marks removed, casefolded, curly quotes
  straightened, runs of whitespace collapsed to one space. Patterns (regex rules) run here.
- `words`: `clean` with every character that is not a letter or digit turned into a space, so
  word lists match "don't" and "don t" alike. Word lists are normalised the same way.
- evasion views (`deobfuscated`): on top of `words`, leetspeak undone inside words (sh1t, @ss,
  $hit), letters spelled out with spaces or punctuation joined (f u c k, f.u.c.k, f-u-c-k), and
  runs of three or more of one letter collapsed to one (fuuuuck) or to two (asssss). "1" is
  tried both as "i" and as "l".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from itertools import chain
from operator import itemgetter

# Leetspeak: each character stands for a letter only inside a word (never in "$20" or "36").
LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"}
QUOTES = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u00b4": "'",
    "`": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u2033": '"',
}


@dataclass(frozen=True)
class View:
    """A normalised text and, per character, the [start, end) range in the original."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map [start, end) in this view back to [start, end) in the original text."""
        return self.starts[start], self.ends[end - 1]


def _is_dropped(ch: str) -> bool:
    """Zero-width characters, other invisible formatting, and combining marks."""
    cat = unicodedata.category(ch)
    return cat in ("Mn", "Me", "Cf") or ch in "\u034f\u180e"


# Runs of characters that are not whitespace (str.isspace, as `clean_view` reads them).
_NOT_SPACE = re.compile(r"\S+")
# Runs of letters and digits (str.isalnum): `[^\W_]` is exactly that in Python's `re`.
_ALNUM = re.compile(r"[^\W_]+")
_NOT_BLANK = re.compile(r"[^ ]+")


def clean_view(text: str) -> View:
    if text.isascii():
        return _clean_ascii(text)
    return _clean_general(text)


def _clean_general(text: str) -> View:
    """`clean_view` one character at a time: what every text needs but plain ASCII."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    last_space = True  # drops leading whitespace
    for index, ch in enumerate(text):
        # NFKD splits "é" into "e" + a combining mark (dropped); NFKC then folds compatibility
        # forms: full-width letters, ligatures, mathematical alphanumerics, circled letters.
        for piece in unicodedata.normalize("NFKD", ch):
            if _is_dropped(piece):
                continue
            for folded in unicodedata.normalize("NFKC", piece).casefold():
                folded = QUOTES.get(folded, folded)
                if folded.isspace():
                    if last_space:
                        continue
                    folded, last_space = " ", True
                else:
                    last_space = False
                out.append(folded)
                starts.append(index)
                ends.append(index + 1)
    while out and out[-1] == " ":
        out.pop()
        starts.pop()
        ends.pop()
    return View("".join(out), tuple(starts), tuple(ends))


def _clean_ascii(text: str) -> View:
    """`clean_view` of plain ASCII text, the same View made in a few passes of C: ASCII has
    no marks to drop and nothing for NFKD/NFKC to fold, its casefold is its lower case, and
    the only quote to straighten is the backtick. Each whitespace run becomes one space that
    stands for the run's first character; leading and trailing whitespace goes."""
    lowered = text.lower().replace("`", "'")
    return _tokens_view(lowered, _NOT_SPACE, None, None)


def _tokens_view(text: str, token: re.Pattern, starts, ends) -> View:
    """`text`'s runs of `token`, one space between each two; each character keeps its range
    (`starts[i]`/`ends[i]` of its position in `text`, or position i itself when None), and a
    space that of the first character after the run before it."""
    spans = [match.span() for match in token.finditer(text)]
    if not spans:
        return View("", (), ())
    joined = " ".join([text[start:end] for start, end in spans])
    # Each run's positions and the one after it (its space), but the last run's.
    keep = list(chain.from_iterable(range(start, end + 1) for start, end in spans))
    keep.pop()
    if starts is None:
        return View(joined, tuple(keep), tuple(map((1).__add__, keep)))
    if len(keep) < 2:
        return View(joined, tuple(starts[i] for i in keep), tuple(ends[i] for i in keep))
    pick = itemgetter(*keep)  # a tuple of the kept positions' values, in C
    return View(joined, pick(starts), pick(ends))


def words_view(clean: View) -> View:
    """Letters and digits kept, everything else a single space (offsets unchanged)."""
    return _tokens_view(clean.text, _ALNUM, clean.starts, clean.ends)


def _squeeze_spaces(chars: list[str], starts: list[int], ends: list[int]) -> View:
    text = "".join(chars)
    if len(text) == len(chars):  # one character each, as every caller makes them
        return _tokens_view(text, _NOT_BLANK, starts, ends)
    return _squeeze_spaces_general(chars, starts, ends)


def _squeeze_spaces_general(chars: list[str], starts: list[int], ends: list[int]) -> View:
    """`_squeeze_spaces` one item at a time (items of any length)."""
    out: list[str] = []
    out_starts: list[int] = []
    out_ends: list[int] = []
    for ch, start, end in zip(chars, starts, ends, strict=True):
        if ch == " " and (not out or out[-1] == " "):
            continue
        out.append(ch)
        out_starts.append(start)
        out_ends.append(end)
    if out and out[-1] == " ":
        out.pop()
        out_starts.pop()
        out_ends.pop()
    return View("".join(out), tuple(out_starts), tuple(out_ends))


# Three or more of one letter in a row ("fuuuck").
_LETTER_RUN = re.compile(r"([^\W\d_])\1\1")
_LEET_CHARACTER = re.compile("[" + re.escape("".join(LEET)) + "]")
# What `deobfuscated` turns into a space before joining spelled-out letters: every character
# that is not a letter, a digit, whitespace or one of the separators SPELLED_OUT reads.
_NOT_SEPARATOR = re.compile(r"[^\w\s.\-*+~·•|/\\,:;]")


def _may_be_obfuscated(text: str) -> bool:
    """False when every evasion view would be the `words` view itself: no leet character to
    read as a letter, no letters spelled out one by one, no run of one letter to collapse.
    Checked on the text as `deobfuscated` reads it once other punctuation is a space."""
    if _LEET_CHARACTER.search(text) and _leet_changes(text):
        return True
    separated = _NOT_SEPARATOR.sub(" ", text)
    return bool(SPELLED_OUT.search(separated) or _LETTER_RUN.search(separated))


LEET_TOKEN = re.compile(r"[^\W_]+(?:[@$!][^\W_]*)*|[@$][^\W_]+(?:[@$!][^\W_]*)*")


def _leet_changes(text: str) -> bool:
    """Whether `_undo_leet` would read any character of `text` as a letter (its own test:
    a leet character in a word with a letter, other than the word's closing "!")."""
    for match in LEET_TOKEN.finditer(text):
        token = match.group()
        if not any(c.isalpha() for c in token):
            continue
        last = len(token) - 1
        if any(
            ch in LEET and not (ch == "!" and offset == last) for offset, ch in enumerate(token)
        ):
            return True
    return False


def _undo_leet(clean: View, one_as: str) -> tuple[list[str], list[int], list[int]]:
    """Read leet characters as letters inside words that contain a letter ("sh1t", "@ss",
    "$hit", "a55"), never in numbers ("$20", "Prop 36") and never a closing "!" ("wow!")."""
    text = clean.text
    chars = list(text)
    table = {**LEET, "1": one_as}
    for match in LEET_TOKEN.finditer(text):
        token = match.group()
        if not any(c.isalpha() for c in token):
            continue
        for offset, ch in enumerate(token):
            if ch not in table:
                continue
            if ch == "!" and offset == len(token) - 1:
                continue
            chars[match.start() + offset] = table[ch]
    return chars, list(clean.starts), list(clean.ends)


# Single letters separated by one run of spaces or punctuation: "f u c k", "f.u.c.k", "f-u-c-k".
SPELLED_OUT = re.compile(
    r"(?<![^\W\d_])[^\W\d_](?:[\s.\-_*+~·•|/\\,:;]{1,3}[^\W\d_]){2,}(?![^\W\d_])"
)


def _join_spelled_out(chars: list[str], starts: list[int], ends: list[int]):
    text = "".join(chars)
    keep = [True] * len(chars)
    for match in SPELLED_OUT.finditer(text):
        for i in range(match.start(), match.end()):
            if not text[i].isalpha():
                keep[i] = False
    return (
        [c for c, k in zip(chars, keep, strict=True) if k],
        [s for s, k in zip(starts, keep, strict=True) if k],
        [e for e, k in zip(ends, keep, strict=True) if k],
    )


def _collapse_runs(
    chars: list[str],
    starts: list[int],
    ends: list[int],
    keep_run: int,
    keep_vowel_run: int | None = None,
):
    """Runs of three or more of one letter become `keep_run` letters (`keep_vowel_run` for a
    vowel's run, when given: "kiiilll" is "kill" with one vowel and two consonants kept)."""
    if not _LETTER_RUN.search("".join(chars)):
        return chars, starts, ends  # no run to collapse
    out: list[str] = []
    out_starts: list[int] = []
    out_ends: list[int] = []
    i = 0
    n = len(chars)
    while i < n:
        j = i
        while j + 1 < n and chars[j + 1] == chars[i]:
            j += 1
        run = j - i + 1
        if run >= 3 and chars[i].isalpha():
            keep = keep_run
            if keep_vowel_run is not None and chars[i] in "aeiouy":
                keep = keep_vowel_run
            for k in range(keep):
                out.append(chars[i])
                out_starts.append(starts[i + k])
                out_ends.append(ends[j] if k == keep - 1 else ends[i + k])
        else:
            out.extend(chars[i : j + 1])
            out_starts.extend(starts[i : j + 1])
            out_ends.extend(ends[i : j + 1])
        i = j + 1
    return out, out_starts, out_ends


# Leet characters with a letter on each side ("k1ll", "sh00t", "b!tch"), the only leetspeak
# `sentence_variants` undoes: "wow!!", "5pm", "1st" and "@name" are read as written.
_LEET_BETWEEN_LETTERS = re.compile(r"[^\W\d_][" + re.escape("".join(LEET)) + r"]+[^\W\d_]")
# How `sentence_variants` collapses runs of one letter: all to one ("fuuuck", "diiie"), all
# to two ("shoooot", "alllll"), vowels to one and the rest to two ("kiiilll").
RUN_COLLAPSES = ((1, None), (2, None), (2, 1))


@dataclass
class NormalisedText:
    """All the views of one comment, computed lazily."""

    original: str

    @classmethod
    def with_clean(cls, original: str, clean: View) -> NormalisedText:
        """The views of `original` read through `clean` instead of its own clean view (one of
        `sentence_variants`): every view made from it still maps back to `original`."""
        norm = cls(original)
        norm.__dict__["clean"] = clean  # what the cached property would hold
        return norm

    @cached_property
    def clean(self) -> View:
        return clean_view(self.original)

    @cached_property
    def words(self) -> View:
        return words_view(self.clean)

    @cached_property
    def deobfuscated(self) -> list[View]:
        """Evasion views (without the plain `words` view), distinct texts only."""
        if not _may_be_obfuscated(self.clean.text):
            return []
        return self._evasion_views()

    def _evasion_views(self) -> list[View]:
        views: list[View] = []
        seen = {self.words.text}
        ones = ("i", "l") if "1" in self.clean.text else ("i",)
        for one_as in ones:
            chars, starts, ends = _undo_leet(self.clean, one_as)
            chars = [
                c if c.isalnum() or c.isspace() or c in ".-_*+~·•|/\\,:;" else " " for c in chars
            ]
            chars, starts, ends = _join_spelled_out(chars, starts, ends)
            chars = [c if c.isalnum() else " " for c in chars]
            for keep_run in (1, 2):
                view = _squeeze_spaces(*_collapse_runs(chars, starts, ends, keep_run))
                if view.text not in seen:
                    seen.add(view.text)
                    views.append(view)
        return views

    @cached_property
    def sentence_variants(self) -> list[View]:
        """Clean views with the evasions undone that the sentence-reading detectors (threats,
        hate, sexual content) would otherwise miss: leetspeak inside words ("k1ll", "d13") and
        a letter held down ("kiiiill", "diiiie", "shoooot"), each run collapsed the ways
        RUN_COLLAPSES lists. Whitespace and punctuation stay as they are, so sentences do too.
        Empty, and costing one search, when the text has neither (most comments)."""
        clean = self.clean
        text = clean.text
        bases: list[tuple[list[str], list[int], list[int]]] = []
        if _LEET_BETWEEN_LETTERS.search(text):
            for one_as in ("i", "l") if "1" in text else ("i",):
                bases.append(_undo_leet(clean, one_as))
        else:
            bases.append((list(text), list(clean.starts), list(clean.ends)))
        views: list[View] = []
        seen = {text}
        for chars, starts, ends in bases:
            collapsed = [(chars, starts, ends)]
            if _LETTER_RUN.search("".join(chars)):
                collapsed += [
                    _collapse_runs(chars, starts, ends, keep, keep_vowel)
                    for keep, keep_vowel in RUN_COLLAPSES
                ]
            for out, out_starts, out_ends in collapsed:
                variant = "".join(out)
                if variant not in seen:
                    seen.add(variant)
                    views.append(View(variant, tuple(out_starts), tuple(out_ends)))
        return views

    @property
    def keyword_views(self) -> list[View]:
        return [self.words, *self.deobfuscated]


def normalise_term(term: str) -> str:
    """How a word-list entry is stored for matching: the `words` view's text of it (its runs
    of letters and digits, one space apart), without the offsets a view keeps. Plain ASCII
    is only lower-cased on the way: its clean view differs from that in spaces alone."""
    clean = term.lower() if term.isascii() else clean_view(term).text
    return " ".join(_ALNUM.findall(clean))
