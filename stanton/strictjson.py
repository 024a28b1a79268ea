"""The one way the portal reads JSON it did not write itself: API and webhook bodies, import
files, rule settings typed by a supervisor, page markers in a URL, package manifests.

Python's `json.loads` accepts `NaN`, `Infinity` and `-Infinity`, and reads a number too large
for a float (`1e400`) as infinity. None of them is JSON (RFC 8259, section 6: "Numeric values
that cannot be represented ... such as Infinity and NaN are not permitted"), and PostgreSQL's
jsonb refuses them: a stored payload holding one fails at INSERT, after validation passed,
and the request answered 500. Here they are refused while parsing, with a message naming the
value, so every caller can answer 400 or show a form error instead.
"""

from __future__ import annotations

import json
import math
from typing import Any


class BodyInvalidUTF8(ValueError):
    """The bytes are not UTF-8."""


class BodyMalformed(ValueError):
    """The text is not (strict) JSON."""


class NonFiniteNumber(ValueError):
    """NaN, Infinity, or a number too large for a double (e.g. 1e400)."""


def _refuse_constant(name: str) -> Any:
    raise NonFiniteNumber(f"{name} is not a JSON number")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise NonFiniteNumber(f"the number {text[:40]} is too large")
    return value


def loads_strict(data: bytes | str) -> Any:
    """Decode UTF-8 strictly (a leading BOM is dropped) and parse JSON strictly: no
    NaN/Infinity, no number that overflows to infinity. Raises BodyInvalidUTF8 or
    BodyMalformed, both ValueErrors with a message naming the problem."""
    if isinstance(data, bytes | bytearray):
        try:
            text = bytes(data).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise BodyInvalidUTF8(f"The body is not valid UTF-8 (byte {exc.start}).") from exc
    else:
        text = data
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        return json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)
    except RecursionError as exc:
        raise BodyMalformed("The JSON is nested too deeply.") from exc
    except NonFiniteNumber as exc:
        raise BodyMalformed(f"The JSON holds a number that cannot be stored: {exc}.") from exc
    except ValueError as exc:  # JSONDecodeError, integers over Python's digit limit
        raise BodyMalformed(f"The body is not valid JSON: {exc}") from exc
