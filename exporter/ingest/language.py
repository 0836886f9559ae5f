"""The language an article is written in, for the draft's ``lang``.

Owns :func:`article_language`. The words exporter adds to outputs (labels), the dates it
shows and the proofing language of every run follow the content's ``lang``; an ingested
article should say it. Two signals, both cheap and deterministic:

- **script**: text mostly in kana is Japanese, in Han characters Chinese, in Hangul
  Korean;
- **function words**: for the Latin-script languages exporter has labels for (English,
  Spanish, French, Portuguese, German), the share of the article's words that are that
  language's commonest short words ("the", "und", "les", "los", "não"...). A language is
  chosen when its share is at least :data:`LEAST_SHARE` and twice that of any other, and
  the article uses :data:`LEAST_DISTINCT` of them at least.

None when neither signal is clear (a short text, a mix): the draft then says nothing and
the default (English) stands.
"""

from __future__ import annotations

import re
from collections import Counter

from exporter.scripts import HAN, HANGUL, KANA, all_latin, script_of
from exporter.text import FUNCTION_WORDS

#: The least share of an article's words that its language's function words take...
LEAST_SHARE = 0.08
#: ... and how many of them it uses at least (Latin filler text repeats "et" alone).
LEAST_DISTINCT = 6
_WORD = re.compile(r"[^\W\d_]+")
#: Fewer words than this say too little of their language.
LEAST_WORDS = 50


def article_language(text: str) -> str | None:
    """The language ``text`` is written in (``"de"``, ``"ja"``...), or None when unclear."""
    letters = sum(ch.isalpha() for ch in text)
    if not letters:
        return None
    scripts = Counter() if all_latin(text) else Counter(map(script_of, text))
    if scripts[KANA] >= 0.1 * letters:  # kana: Japanese, whatever Han it also uses
        return "ja"
    if scripts[HAN] >= 0.3 * letters:
        return "zh"
    if scripts[HANGUL] >= 0.3 * letters:
        return "ko"
    words = [word.casefold() for word in _WORD.findall(text)]
    if len(words) < LEAST_WORDS:
        return None
    counts = Counter(words)
    shares = sorted(((sum(counts[w] for w in vocabulary) / len(words), code)
                     for code, vocabulary in FUNCTION_WORDS.items()), reverse=True)
    (best, code), (second, _) = shares[0], shares[1]
    distinct = len(FUNCTION_WORDS[code] & counts.keys())
    return code if best >= LEAST_SHARE and best >= 2 * second and distinct >= LEAST_DISTINCT \
        else None
