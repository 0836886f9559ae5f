"""Writing systems: which script a character belongs to, which font shows it, which way it runs.

The one home of script knowledge for the renderers and the text measurer. Office fonts
such as Calibri, Cambria or Arial (and their metric twins) cover Latin, Greek and
Cyrillic; text in any other script (Han, Kana, Hangul, Arabic, Hebrew, Devanagari,
Thai...) would show as empty boxes on a machine that has only those fonts, and would be
measured with the wrong widths. Each such script is listed here with the Unicode ranges it
occupies, the font slot Word and PowerPoint take its font from (``ea``: East Asian,
``cs``: complex scripts) and the Noto family that shows it (Debian's fonts-noto-cjk and
fonts-noto-core, installed by ``tools/setup.sh``).

Direction follows the Unicode bidirectional classes (:func:`unicodedata.bidirectional`):
a paragraph is right-to-left when its first strong character is (rule P2 of the Unicode
bidirectional algorithm), a run when its strong characters all are. Standard library only.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

EAST_ASIAN = "ea"
COMPLEX = "cs"


@dataclass(frozen=True)
class Script:
    """A writing system that the template's fonts lack."""

    name: str
    slot: str  # EAST_ASIAN or COMPLEX: the font slot of Word's and PowerPoint's runs
    font: str  # the Noto family that has it
    breaks_anywhere: bool = False  # lines may break between any two characters


HAN = Script("Han", EAST_ASIAN, "Noto Sans CJK SC", breaks_anywhere=True)
KANA = Script("Kana", EAST_ASIAN, "Noto Sans CJK JP", breaks_anywhere=True)
HANGUL = Script("Hangul", EAST_ASIAN, "Noto Sans CJK KR")
ARABIC = Script("Arabic", COMPLEX, "Noto Naskh Arabic")
HEBREW = Script("Hebrew", COMPLEX, "Noto Sans Hebrew")
DEVANAGARI = Script("Devanagari", COMPLEX, "Noto Sans Devanagari")
BENGALI = Script("Bengali", COMPLEX, "Noto Sans Bengali")
TAMIL = Script("Tamil", COMPLEX, "Noto Sans Tamil")
THAI = Script("Thai", COMPLEX, "Noto Sans Thai")
ARMENIAN = Script("Armenian", COMPLEX, "Noto Sans Armenian")
GEORGIAN = Script("Georgian", COMPLEX, "Noto Sans Georgian")
ETHIOPIC = Script("Ethiopic", COMPLEX, "Noto Sans Ethiopic")

#: (first, last, script) code point ranges, ascending.
_RANGES: tuple[tuple[int, int, Script], ...] = (
    (0x0530, 0x058F, ARMENIAN),
    (0x0590, 0x05FF, HEBREW),
    (0x0600, 0x06FF, ARABIC),
    (0x0750, 0x077F, ARABIC),
    (0x0870, 0x08FF, ARABIC),
    (0x0900, 0x097F, DEVANAGARI),
    (0x0980, 0x09FF, BENGALI),
    (0x0B80, 0x0BFF, TAMIL),
    (0x0E00, 0x0E7F, THAI),
    (0x10A0, 0x10FF, GEORGIAN),
    (0x1100, 0x11FF, HANGUL),
    (0x1200, 0x139F, ETHIOPIC),
    (0x2E80, 0x2FDF, HAN),  # radicals
    (0x3000, 0x303F, HAN),  # CJK symbols and punctuation
    (0x3040, 0x30FF, KANA),
    (0x3100, 0x312F, HAN),  # bopomofo
    (0x3130, 0x318F, HANGUL),
    (0x31F0, 0x31FF, KANA),
    (0x3400, 0x4DBF, HAN),
    (0x4E00, 0x9FFF, HAN),
    (0xA960, 0xA97F, HANGUL),
    (0xAC00, 0xD7FF, HANGUL),
    (0xF900, 0xFAFF, HAN),
    (0xFB1D, 0xFB4F, HEBREW),
    (0xFB50, 0xFDFF, ARABIC),
    (0xFE70, 0xFEFF, ARABIC),
    (0xFF00, 0xFFEF, HAN),  # full-width forms
    (0x20000, 0x3FFFF, HAN),
)
_STARTS = [first for first, _, _ in _RANGES]
#: A run of characters of the scripts written without spaces between words, whose lines
#: may break between any two characters (Han and Kana: Chinese and Japanese).
UNSPACED = re.compile("[" + "".join(f"{chr(first)}-{chr(last)}" for first, last, script
                                    in _RANGES if script.breaks_anywhere) + "]+")
_FIRST_SCRIPT = chr(0x0530)
#: CJK punctuation a line never starts with (no break opportunity before it).
_NO_BREAK_BEFORE = frozenset("、。，．・：；？！）」』】〕〉》ー々ゝゞヽヾ")
#: Unicode bidirectional classes of strong characters.
_RIGHT_TO_LEFT = frozenset(("R", "AL"))
_LEFT_TO_RIGHT = "L"


def script_of(char: str) -> Script | None:
    """The script of ``char`` when the template's fonts lack it; None for Latin, Greek,
    Cyrillic, digits, punctuation and spaces."""
    if char < _FIRST_SCRIPT:
        return None
    code = ord(char)
    index = bisect.bisect_right(_STARTS, code) - 1
    if index >= 0:
        first, last, script = _RANGES[index]
        if first <= code <= last:
            return script
    return None


#: A character of neither Latin, Greek nor Cyrillic, nor of the punctuation and symbol
#: blocks that have no script and never run right to left (dashes, quotes, bullets,
#: ellipsis, primes; currency; letterlike symbols; arrows). The bidi controls among
#: them (U+200E/F, U+202A-E, U+2066-9) are kept out of these blocks.
_OTHER_THAN_LATIN = re.compile("[^\u0000-\u052f\u2010-\u2027\u2030-\u205e"
                               "\u20a0-\u20cf\u2100-\u214f\u2190-\u21ff]")


def all_latin(text: str) -> bool:
    """Whether ``text`` has only characters that need no font slot of their own and never
    run right to left: Latin, Greek, Cyrillic and the punctuation and symbols typeset with
    them ("“”", "—", "…", "€", "→"), in one pass in C."""
    return _OTHER_THAN_LATIN.search(text) is None


@functools.lru_cache(maxsize=1 << 14)
def scripts_in(text: str) -> tuple[Script, ...]:
    """The scripts of ``text`` that need a font of their own, in order of appearance."""
    if all_latin(text):
        return ()
    found: dict[Script, None] = {}
    for char in text:
        script = script_of(char)
        if script is not None:
            found[script] = None
    return tuple(found)


def segments(text: str) -> Iterator[tuple[str, Script | None]]:
    """``text`` cut into stretches of one script (None: the template's own fonts)."""
    if all_latin(text):
        yield from ((text, None),) if text else ()
        return
    start, current = 0, None
    for index, char in enumerate(text):
        script = script_of(char)
        if script is None and char.isspace() and current is not None:
            continue  # a space inside a stretch of another script stays with it
        if script is not current and index > start:
            yield text[start:index], current
            start = index
        current = script
    if start < len(text):
        yield text[start:], current


def break_opportunity_before(text: str, index: int) -> bool:
    """Whether a line may break before ``text[index]`` without a space: between two
    characters of a script that breaks anywhere (Chinese, Japanese)."""
    if index <= 0 or index >= len(text) or text[index] in _NO_BREAK_BEFORE:
        return False
    before, after = script_of(text[index - 1]), script_of(text[index])
    return bool(before and before.breaks_anywhere) or bool(after and after.breaks_anywhere)


# ---------------------------------------------------------------------------------------
# Fonts by language
# ---------------------------------------------------------------------------------------

#: The CJK family of a language (the same characters look different in each).
_CJK_FONTS = {"ja": "Noto Sans CJK JP", "ko": "Noto Sans CJK KR", "zh-tw": "Noto Sans CJK TC",
              "zh-hk": "Noto Sans CJK HK", "zh-hant": "Noto Sans CJK TC"}
#: The script a language is written in, for the languages whose script needs its own font.
_LANGUAGE_SCRIPTS = {
    "zh": HAN, "ja": KANA, "ko": HANGUL, "ar": ARABIC, "fa": ARABIC, "ur": ARABIC,
    "ps": ARABIC, "he": HEBREW, "yi": HEBREW, "hi": DEVANAGARI, "mr": DEVANAGARI,
    "ne": DEVANAGARI, "bn": BENGALI, "ta": TAMIL, "th": THAI, "hy": ARMENIAN, "ka": GEORGIAN,
    "am": ETHIOPIC,
}


def base_language(lang: str) -> str:
    """The language subtag of a tag: ``es`` for ``es-PE`` or ``es_PE``."""
    return lang.replace("_", "-").split("-", 1)[0].strip().casefold()


def language_script(lang: str) -> Script | None:
    """The script language ``lang`` is written in, when it needs a font of its own."""
    return _LANGUAGE_SCRIPTS.get(base_language(lang))


def font_for(script: Script, lang: str, text: str = "") -> str:
    """The family that shows ``script`` for a reader of ``lang``: Han in a Japanese or
    Korean document (or next to kana or hangul) in that language's CJK face."""
    if script.slot != EAST_ASIAN:
        return script.font
    tag = lang.replace("_", "-").casefold()
    for key in (tag, "-".join(tag.split("-")[:2]), base_language(tag)):
        if key in _CJK_FONTS:
            return _CJK_FONTS[key]
    others = scripts_in(text)
    for neighbour in (KANA, HANGUL):
        if neighbour in others:
            return neighbour.font
    return script.font


def slot_fonts(text: str, lang: str) -> dict[str, str]:
    """The family each font slot (``ea``, ``cs``) needs for ``text``: the first script of
    the slot that occurs in it."""
    fonts: dict[str, str] = {}
    for script in scripts_in(text):
        fonts.setdefault(script.slot, font_for(script, lang, text))
    return fonts


# ---------------------------------------------------------------------------------------
# Direction
# ---------------------------------------------------------------------------------------


def is_right_to_left(text: str) -> bool:
    """Whether a paragraph of ``text`` runs right to left: its first strong character
    does (Unicode bidirectional algorithm, rule P2)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in _RIGHT_TO_LEFT:
            return True
        if kind == _LEFT_TO_RIGHT:
            return False
    return False


def all_right_to_left(text: str) -> bool:
    """Whether every strong character of ``text`` runs right to left (and there is one)."""
    kinds = {unicodedata.bidirectional(char) for char in text}
    return bool(kinds & _RIGHT_TO_LEFT) and _LEFT_TO_RIGHT not in kinds
