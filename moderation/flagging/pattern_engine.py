"""Supervisors' patterns run on RE2 (google-re2), whose matching time grows linearly with the
text whatever the pattern: a pattern such as (a+|b)+$ that makes Python's backtracking `re`
take minutes on 41 characters costs RE2 microseconds. RE2 has no look-around and no
back-references (they cannot be matched in linear time); a rule that needs "not followed
by …" says so in its `not_followed_by` setting, checked after the match (see
detectors/patterns.py).

Every match is also bounded: the text a pattern reads is capped at MAX_MATCH_CHARS, and the
number of matches one pattern may report on one comment at MAX_MATCHES_PER_PATTERN.
"""

from __future__ import annotations

import re2
from django.core.exceptions import ValidationError

MAX_PATTERN_LENGTH = 2000
# A comment longer than this is flagged as lengthy anyway (the default limit is 2,500); a
# pattern reads its first MAX_MATCH_CHARS characters, which keeps one comment's cost bounded.
MAX_MATCH_CHARS = 20_000
# Matches (kept or excluded) one pattern may produce on one comment before it stops looking.
MAX_MATCHES_PER_PATTERN = 200
# RE2's own limit on the compiled program: a pattern like (a{1000}){1000} is refused, not
# built. 8 MiB is RE2's default and fits every default rule with room to spare.
MAX_PROGRAM_MEMORY = 8 << 20

Pattern = re2._Regexp


def _options() -> re2.Options:
    options = re2.Options()
    options.case_sensitive = False  # patterns run on casefolded text; "Measure" still matches
    options.log_errors = False  # a refused pattern is the form's message, not a log line
    options.max_mem = MAX_PROGRAM_MEMORY
    return options


def _explain(error: str) -> str:
    if error.startswith("invalid perl operator: (?P"):
        return "Back-references such as (?P=name) are not supported in patterns."
    if error.startswith("invalid perl operator: (?") and error[-1:] in "=!<":
        return (
            "Look-ahead and look-behind ((?=…), (?!…), (?<=…), (?<!…)) are not supported: "
            "RE2 matches in linear time and has none. For “not followed by …” put a named "
            "group where the check goes, e.g. (?P<after>), and give the rule the setting "
            '“not_followed_by”: {"after": "…"}; for words before a match, use '
            "“exclude_context”."
        )
    if error.startswith("invalid escape sequence: \\") and error[-1:].isdigit():
        return "Back-references (\\1, \\2, …) are not supported in patterns."
    if error.startswith("invalid repetition size"):
        return "Repetition counts are limited to 1000, e.g. {1,1000}."
    if "pattern too large" in error:
        return "This pattern is too large to run safely; split it into simpler rules."
    return f"This is not a valid pattern: {error}."


def pattern_compile(pattern: str) -> Pattern:
    """Compile a pattern with RE2, or raise ValidationError saying why in plain words."""
    if not isinstance(pattern, str) or not pattern.strip():
        raise ValidationError("Enter a pattern.")
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise ValidationError(f"Patterns are limited to {MAX_PATTERN_LENGTH} characters.")
    try:
        return re2.compile(pattern, _options())
    except re2.error as exc:
        message = exc.args[0] if exc.args else str(exc)
        if isinstance(message, bytes):
            message = message.decode("utf-8", "replace")
        raise ValidationError(_explain(str(message))) from exc


# A Set of every rule's pattern reads the text once and says which patterns match anywhere;
# only those are then run one by one for their spans. Its DFA gets more room than one pattern.
SET_MAX_MEMORY = 64 << 20


class PatternSet:
    """All of a rule set's patterns in one RE2::Set, to skip the patterns that cannot match.

    `matching(data)` returns the indexes (into the list given) of the patterns that match
    somewhere in `data`, or None when the Set could not tell. The Set's last member is the
    empty pattern, which matches every text: RE2 reports a Set whose DFA ran out of memory
    as no matches at all, so a result without it is never taken as "nothing matches"."""

    def __init__(self, patterns: list[str]):
        self.size = len(patterns)
        self._set: re2.Set | None = None
        if not patterns:
            return
        options = _options()
        options.max_mem = SET_MAX_MEMORY
        candidate = re2.Set.SearchSet(options)
        try:
            for pattern in patterns:
                candidate.Add(pattern)
            candidate.Add("")
            candidate.Compile()
        except re2.error:
            return  # too large together: every pattern is run on its own, as before
        self._set = candidate

    def matching(self, data: bytes) -> set[int] | None:
        if self._set is None:
            return None
        found = set(self._set.Match(data))
        if self.size not in found:
            return None
        found.discard(self.size)
        return found
