"""Language, script fonts and direction marked on the text of Word and PowerPoint parts.

Screen readers and spell checkers read a run's language from ``a:rPr/@lang`` (DrawingML)
and ``w:lang`` (WordprocessingML, set once in the document defaults); Word and PowerPoint
take the font of East Asian text from the run's ``ea`` / ``w:eastAsia`` slot and that of
Arabic, Hebrew, Devanagari or Thai from its ``cs`` / ``w:cs`` slot, not from the Latin
font a template names. So after a part's text is written, :func:`mark_drawing_text` and
:func:`mark_word_text` walk its paragraphs once and give

- every DrawingML run the document's language (where it has none);
- every run holding a script the template's fonts lack the Noto family that has it
  (:func:`exporter.scripts.slot_fonts`), in the slot the applications read;
- every paragraph whose first strong character runs right to left ``a:pPr/@rtl`` (aligned
  right unless it says otherwise) or ``w:bidi``, and every Word run whose letters all run
  right to left ``w:rtl``.

Text in Latin, Greek and Cyrillic only is left exactly as it was. lxml only; children are
inserted where the schemas order them.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from exporter.ooxml.parts import NS, qn
from exporter.scripts import (
    COMPLEX,
    EAST_ASIAN,
    all_latin,
    all_right_to_left,
    is_right_to_left,
    language_script,
    slot_fonts,
)

#: Children of ``a:rPr`` in schema order (CT_TextCharacterProperties).
_DRAWING_RUN_ORDER = tuple(qn(f"a:{name}") for name in (
    "ln", "noFill", "solidFill", "gradFill", "blipFill", "pattFill", "grpFill", "effectLst",
    "effectDag", "highlight", "uLnTx", "uLn", "uFillTx", "uFill", "latin", "ea", "cs", "sym",
    "hlinkClick", "hlinkMouseOver", "rtl", "extLst"))
#: Children of ``w:rPr`` in schema order (CT_RPr).
_WORD_RUN_ORDER = tuple(qn(f"w:{name}") for name in (
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
    "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden",
    "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect",
    "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout",
    "specVanish", "oMath"))
#: Children of ``w:pPr`` in schema order (CT_PPr).
_WORD_PARAGRAPH_ORDER = tuple(qn(f"w:{name}") for name in (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku",
    "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi",
    "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents",
    "suppressOverlap", "jc", "textDirection", "textAlignment", "textboxTightWrap",
    "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"))
_SLOT_ATTRIBUTES = {EAST_ASIAN: "eastAsia", COMPLEX: "cs"}
_A_P, _A_PPR, _A_RPR, _A_T = qn("a:p"), qn("a:pPr"), qn("a:rPr"), qn("a:t")
_A_RUNS = (qn("a:r"), qn("a:fld"))
_W_P, _W_PPR, _W_R, _W_RPR, _W_T = qn("w:p"), qn("w:pPr"), qn("w:r"), qn("w:rPr"), qn("w:t")


def _child(parent: etree._Element, tag: str, order: Sequence[str]) -> etree._Element:
    """``parent``'s child ``tag``, added where ``order`` puts it when missing."""
    found = parent.find(tag)
    if found is not None:
        return found
    child = parent.makeelement(tag)
    rank = order.index(tag)
    for index, sibling in enumerate(parent):
        if sibling.tag in order and order.index(sibling.tag) > rank:
            parent.insert(index, child)
            return child
    parent.append(child)
    return child


def _first_child(parent: etree._Element, tag: str) -> etree._Element:
    """``parent``'s child ``tag``, added as its first child when missing."""
    found = parent.find(tag)
    if found is None:
        found = parent.makeelement(tag)
        parent.insert(0, found)
    return found


#: The DrawingML runs and fields under an element that state no language (found in C:
#: most runs are written with one).
_RUNS_WITHOUT_LANGUAGE = etree.XPath(".//a:r[not(a:rPr/@lang)] | .//a:fld[not(a:rPr/@lang)]",
                                     namespaces={"a": NS["a"]})


def _all_text(root: etree._Element) -> str:
    """All the text under ``root`` (its runs' and any other), serialised in C."""
    return etree.tostring(root, method="text", encoding="unicode")


def _text(element: etree._Element, text_tag: str) -> str:
    return "".join(node.text or "" for node in element.iter(text_tag))


# ---------------------------------------------------------------------------------------
# DrawingML (slides, notes pages, tables)
# ---------------------------------------------------------------------------------------


def mark_drawing_text(root: etree._Element, lang: str) -> None:
    """Language, script fonts and direction on every paragraph and run under ``root``."""
    scripts = not all_latin(_all_text(root))  # else no slot, no direction
    if scripts:
        for paragraph in root.iter(_A_P):
            if is_right_to_left(_text(paragraph, _A_T)):
                properties = _first_child(paragraph, _A_PPR)
                properties.set("rtl", "1")
                if properties.get("algn") is None:
                    properties.set("algn", "r")
    for run in _RUNS_WITHOUT_LANGUAGE(root):
        _first_child(run, _A_RPR).set("lang", lang)
    if scripts:
        for run in root.iter(*_A_RUNS):
            properties = _first_child(run, _A_RPR)
            for slot, family in slot_fonts(_text(run, _A_T), lang).items():
                _child(properties, qn(f"a:{slot}"), _DRAWING_RUN_ORDER).set("typeface", family)


# ---------------------------------------------------------------------------------------
# WordprocessingML (body, headers, footers)
# ---------------------------------------------------------------------------------------


def mark_word_text(root: etree._Element, lang: str) -> None:
    """Script fonts and direction on every paragraph and run under ``root`` (the language
    itself is the document default's: :func:`word_language_attributes`)."""
    if all_latin(_all_text(root)):
        return
    for paragraph in root.iter(_W_P):
        if is_right_to_left(_text(paragraph, _W_T)):
            _child(_first_child(paragraph, _W_PPR), qn("w:bidi"), _WORD_PARAGRAPH_ORDER)
    for run in root.iter(_W_R):
        text = _text(run, _W_T)
        fonts = slot_fonts(text, lang)
        if not fonts:
            continue
        properties = _first_child(run, _W_RPR)
        run_fonts = _child(properties, qn("w:rFonts"), _WORD_RUN_ORDER)
        for slot, family in fonts.items():
            run_fonts.set(qn(f"w:{_SLOT_ATTRIBUTES[slot]}"), family)
        if all_right_to_left(text):
            _child(properties, qn("w:rtl"), _WORD_RUN_ORDER)


def word_language_attributes(lang: str) -> dict[str, str]:
    """The attributes of ``w:lang`` for a document in ``lang``: the language of Latin
    text, and of East Asian or complex-script text when the language is written so."""
    attributes = {qn("w:val"): lang}
    script = language_script(lang)
    if script is not None:
        attributes[qn("w:eastAsia" if script.slot == EAST_ASIAN else "w:bidi")] = lang
    return attributes
