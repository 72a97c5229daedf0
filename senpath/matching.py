"""Matching a typed name filter against names on the register, the way a person reads them.

``--senco "Mrs Ahmed"`` finds "Mrs S. Ahmed" and ``--school "st aidans"`` finds "St Aidan's":
case, accents, punctuation, titles (Mr, Mrs, Ms, Miss, Mx, Dr) and initials are ignored, and
each word typed may be part of a word in the name ("evan" finds "Ms R. Evans").

Example::

    matches("Mrs S. Ahmed", "mrs ahmed")  # True
    name_tokens("St Aidan's C. of E.")    # ["st", "aidans", "of"]
"""

from __future__ import annotations

import unicodedata

TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr"})
APOSTROPHES = "'\u2019\u02bc\u2018`\u00b4"
# Letters that do not decompose into a base letter and an accent.
_FOLD = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ð": "d", "æ": "ae", "œ": "oe", "ı": "i", "ħ": "h", "þ": "th"})


def name_tokens(text: str) -> list[str]:
    """The words of a name that identify it: folded, without accents, titles or initials."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).translate(_FOLD)
    for mark in APOSTROPHES:
        plain = plain.replace(mark, "")
    words = "".join(ch if ch.isalnum() else " " for ch in plain).split()
    return [w for w in words if w not in TITLES and len(w) > 1]


def matches(value: object, wanted: str) -> bool:
    """Whether every word of ``wanted`` is part of a word of ``value`` (None never matches)."""
    if not isinstance(value, str):
        return False
    have = name_tokens(value)
    want = name_tokens(wanted)
    return bool(want) and all(any(w in h for h in have) for w in want)


def suggest(wanted: str, values: list[str], n: int = 3) -> list[str]:
    """Up to ``n`` values like ``wanted`` for a "did you mean" (each word typed is close to one of
    theirs: "St Aidens" -> "St Aidan's C of E Primary"), the closest first."""
    from difflib import SequenceMatcher

    want = name_tokens(wanted)
    scored = []
    for value in values:
        have = name_tokens(value)
        if not want or not have:
            continue
        score = min(max(SequenceMatcher(None, w, h[: len(w) + 2]).ratio() for h in have) for w in want)
        if score >= 0.75:
            scored.append((-score, value))
    return [value for _, value in sorted(scored)[:n]]
