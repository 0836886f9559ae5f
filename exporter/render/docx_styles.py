"""Finding a template's styles by role, and creating the missing ones.

A briefing needs paragraph styles (title, headings, body, lists, caption, quote, code,
contents entries), character styles (hyperlink, inline code) and a table style. Each *role*
lists the built-in styles to look for, in order of preference, and a style is recognised by
the built-in style's identity, in whatever language the template was made:

1. its English name or id, case-insensitively (Word's ``heading 1``, LibreOffice's
   ``Heading 1``, the id ``Heading1``; Word files made in any language keep these names);
2. the name Word gives that built-in style in German, French, Spanish, Italian, Portuguese,
   Dutch, Polish or Russian (``Überschrift 1``), or the id Word derives from that name
   (``berschrift1``: its ASCII letters and digits);
3. what the style does: for a heading, the paragraph style that sets its outline level
   (``w:outlineLvl``) itself rather than through ``w:basedOn``; for body text, the style
   Heading 1 says follows it (``w:next``) when there is no Body Text, else the document's
   default paragraph style.

When no candidate exists, the style is created from a built-in-like definition and a warning
is given once — headings are never left unstyled, and each created heading carries its
outline level so navigation panes and the table of contents see it. Style text colours that read
below 4.5:1 on white are darkened just enough, by the rule the deck renderer and the audit
use (:func:`exporter.ooxml.colour.readable_colour`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from lxml import etree

from exporter.ooxml.colour import (
    NORMAL_TEXT_RATIO,
    WHITE,
    contrast_ratio,
    hex_code,
    parse_hex,
    readable_colour,
)
from exporter.ooxml.textlang import word_language_attributes
from exporter.render.docx_template import element, qn

HEADING_COLOUR = "1F3864"
_THEME_ATTRIBUTES = tuple(qn(f"w:{name}") for name in ("themeColor", "themeShade", "themeTint"))
_TEXT_WIDTH_TWIPS = 9360


@dataclass(frozen=True)
class StyleSpec:
    """A role's candidates and the definition used when none exists."""

    kind: str  # paragraph, character or table
    names: tuple[str, ...]
    create: str  # name of the style created when missing
    based_on: str = "body"
    size: int = 0  # half-points
    bold: bool = False
    italic: bool = False
    colour: str = ""
    font: str = ""
    before: int = -1  # twips
    after: int = -1
    keep_next: bool = False
    outline: int | None = None
    indent: int = 0
    shade: str = ""
    tab_right: bool = False
    silent: bool = False  # a fallback to the base role is fine: no warning
    #: Candidates after the first are used only when they derive from the body text style
    #: (List Paragraph based on Normal does not suit a template whose body text is "Body").
    body_kin: bool = False


ROLES: dict[str, StyleSpec] = {
    "body": StyleSpec("paragraph", ("Body Text", "Normal", "Default Paragraph Style",
                                    "Standard", "Text Body"), "Body Text", based_on="",
                      before=0, after=160),
    "title": StyleSpec("paragraph", ("Title",), "Title", size=52, colour=HEADING_COLOUR,
                       after=120),
    "subtitle": StyleSpec("paragraph", ("Subtitle",), "Subtitle", size=30, colour="595959",
                          after=160),
    "meta": StyleSpec("paragraph", ("Date", "Author"), "", silent=True),
    "heading1": StyleSpec("paragraph", ("Heading 1",), "Heading 1", size=32, bold=True,
                          colour=HEADING_COLOUR, before=360, after=120, keep_next=True,
                          outline=0),
    "heading2": StyleSpec("paragraph", ("Heading 2",), "Heading 2", size=26, bold=True,
                          colour=HEADING_COLOUR, before=240, after=80, keep_next=True,
                          outline=1),
    "heading3": StyleSpec("paragraph", ("Heading 3",), "Heading 3", size=24, bold=True,
                          colour="404040", before=200, after=60, keep_next=True, outline=2),
    "list_bullet": StyleSpec("paragraph", ("List Bullet", "List Paragraph"), "List Bullet",
                             after=60, body_kin=True),
    "list_number": StyleSpec("paragraph", ("List Number", "List Paragraph"), "List Number",
                             after=60, body_kin=True),
    "caption": StyleSpec("paragraph", ("Caption", "Table Caption"), "Caption", size=18,
                         italic=True, colour="404040", before=120, after=120),
    "quote": StyleSpec("paragraph", ("Quote", "Block Text", "Quotations"), "Quote",
                       italic=True, colour="404040", indent=720),
    "code": StyleSpec("paragraph", ("Source Code", "Code", "Preformatted Text",
                                    "HTML Preformatted"), "Source Code", size=19,
                      font="Courier New", before=0, after=160, shade="F2F2F2"),
    "contents_title": StyleSpec("paragraph", ("TOC Heading", "Contents Heading"),
                                "TOC Heading", size=32, bold=True, colour=HEADING_COLOUR,
                                before=240, after=120, keep_next=True),
    "toc1": StyleSpec("paragraph", ("TOC 1", "Contents 1"), "TOC 1", after=60,
                      tab_right=True),
    "toc2": StyleSpec("paragraph", ("TOC 2", "Contents 2"), "TOC 2", after=60, indent=220,
                      tab_right=True),
    "toc3": StyleSpec("paragraph", ("TOC 3", "Contents 3"), "TOC 3", after=60, indent=440,
                      tab_right=True),
    "hyperlink": StyleSpec("character", ("Hyperlink", "Internet Link"), "Hyperlink",
                           based_on="", colour="0563C1"),
    "code_char": StyleSpec("character", ("Verbatim Char", "HTML Code", "Source Text"),
                           "Verbatim Char", based_on="", font="Courier New", size=20),
    "table": StyleSpec("table", ("Table Grid", "Table"), "Table Grid", based_on=""),
}

_KIND = {"paragraph": "paragraph", "character": "character", "table": "table"}

#: Word's names for its built-in styles in other languages (German, French, Spanish,
#: Italian, Portuguese, Dutch, Polish, Russian), by English name; a trailing level number
#: ("Heading 2", "TOC 3") is carried over.
LOCALIZED_NAMES: dict[str, tuple[str, ...]] = {
    "Normal": ("Standard", "Normale", "Standaard", "Normalny", "Обычный"),
    "Body Text": ("Textkörper", "Corps de texte", "Texto independiente", "Corpo testo",
                  "Corpo de texto", "Plattetekst", "Tekst podstawowy", "Основной текст"),
    "Title": ("Titel", "Titre", "Título", "Titolo", "Tytuł", "Название", "Заголовок"),
    "Subtitle": ("Untertitel", "Sous-titre", "Subtítulo", "Sottotitolo", "Ondertitel",
                 "Podtytuł", "Подзаголовок"),
    "Heading": ("Überschrift", "Titre", "Título", "Titolo", "Kop", "Nagłówek", "Заголовок"),
    "List Bullet": ("Aufzählungszeichen", "Liste à puces", "Lista con viñetas",
                    "Listo con viñetas", "Puntato", "Lijstopsommingteken", "Lista punktowana",
                    "Маркированный список"),
    "List Number": ("Listennummer", "Liste numéros", "Lista con números", "Listo con números",
                    "Numerato", "Lijstnummering", "Lista numerowana", "Нумерованный список"),
    "List Paragraph": ("Listenabsatz", "Paragraphe de liste", "Párrafo de lista",
                       "Paragrafo elenco", "Parágrafo da Lista", "Lijstalinea",
                       "Akapit z listą", "Абзац списка"),
    "Caption": ("Beschriftung", "Légende", "Descripción", "Didascalia", "Legenda",
                "Bijschrift", "Название объекта"),
    "Quote": ("Zitat", "Citation", "Cita", "Citazione", "Citação", "Citaat", "Cytat",
              "Цитата 2"),
    "TOC Heading": ("Inhaltsverzeichnisüberschrift", "En-tête de table des matières",
                    "Encabezado de tabla de contenido", "Titolo sommario",
                    "Kop van inhoudsopgave", "Nagłówek spisu treści", "Заголовок оглавления"),
    "TOC": ("Verzeichnis", "TM", "TDC", "Sommario", "Sumário", "Inhopg", "Spis treści",
            "Оглавление"),
    "Header": ("Kopfzeile", "En-tête", "Encabezado", "Intestazione", "Cabeçalho",
               "Koptekst", "Nagłówek", "Верхний колонтитул"),
    "Footer": ("Fußzeile", "Pied de page", "Pie de página", "Piè di pagina", "Rodapé",
               "Voettekst", "Stopka", "Нижний колонтитул"),
    "Hyperlink": ("Lien hypertexte", "Hipervínculo", "Collegamento ipertestuale",
                  "Hiperligação", "Hiperłącze", "Гиперссылка"),
    "Table Grid": ("Tabellenraster", "Grille du tableau", "Tabla con cuadrícula",
                   "Griglia tabella", "Tabela com grade", "Tabelraster", "Tabela - Siatka",
                   "Сетка таблицы"),
}


def _word_id(name: str) -> str:
    """The style id Word derives from a style name: its ASCII letters and digits."""
    return "".join(ch for ch in name if ch.isascii() and ch.isalnum())


def _names_of(name: str) -> list[str]:
    """``name`` and the names Word gives that built-in style in other languages."""
    stem, _, level = name.rpartition(" ")
    if level.isdigit() and stem in LOCALIZED_NAMES:
        return [name, *(f"{local} {level}" for local in LOCALIZED_NAMES[stem])]
    return [name, *LOCALIZED_NAMES.get(name, ())]


def _keys(name: str) -> list[str]:
    """What a style named ``name`` is indexed by: the name and the ids made from it."""
    key = name.lower()
    keys = [key, key.replace(" ", "")]
    word_id = _word_id(key)
    if any(ch.isalpha() for ch in word_id):
        keys.append(word_id)
    return keys


class StyleBook:
    """The template's styles by role (created on demand, each warned about once)."""

    def __init__(self, styles_root: etree._Element, warn: Callable[[str], None]) -> None:
        self.root = styles_root
        self.warn = warn
        self._by_key: dict[tuple[str, str], str] = {}
        self._elements: dict[str, etree._Element] = {}
        self._resolved: dict[str, str] = {}
        for style in styles_root.iterfind(qn("w:style")):
            self._index(style)

    def _index(self, style: etree._Element) -> None:
        kind = style.get(qn("w:type"), "paragraph")
        style_id = style.get(qn("w:styleId"), "")
        name_node = style.find(qn("w:name"))
        name = name_node.get(qn("w:val"), "") if name_node is not None else ""
        self._elements.setdefault(style_id, style)
        for key in (name.lower(), style_id.lower()):
            if key:
                self._by_key.setdefault((kind, key), style_id)

    def find(self, kind: str, name: str) -> str | None:
        """The id of a style of ``kind`` that is the built-in style ``name`` (by its name or
        id, in English or in a language Word is made in)."""
        for candidate in _names_of(name):
            for key in _keys(candidate):
                if (found := self._by_key.get((kind, key))) is not None:
                    return found
        return None

    def has(self, role: str) -> bool:
        return self._existing(role) is not None

    def id(self, role: str) -> str:
        """The style id for ``role``, creating the style when the template lacks it."""
        if role in self._resolved:
            return self._resolved[role]
        spec = ROLES[role]
        found = self._existing(role)
        if found is None and spec.silent:
            found = self.id(spec.based_on)
        if found is None:
            found = self._create(spec)
            self.warn(f"the template has no {spec.create!r} style; using a built-in definition "
                      "(add the style to the template to control its look)")
        self._resolved[role] = found
        return found

    def _existing(self, role: str) -> str | None:
        """The template's own style for ``role``, if it has one."""
        spec = ROLES[role]
        found = self._body_text() if role == "body" else None
        if found is None:
            found = next((sid for name in spec.names if (sid := self.find(spec.kind, name))),
                         None)
        if (found is not None and spec.body_kin and found != self.find(spec.kind, spec.names[0])
                and not self._derives_from(found, self.id("body"))):
            found = None  # a generic list style in another size than the body text
        if found is None and spec.outline is not None:
            found = self._outline_style(spec.outline)
        if found is None and role == "body":
            found = next((sid for sid, style in self._elements.items()
                          if style.get(qn("w:type")) == "paragraph"
                          and style.get(qn("w:default")) in ("1", "true", "on")), None)
        return found

    def _body_text(self) -> str | None:
        """The template's body text style: its Body Text, else the style its Heading 1 says
        follows a heading (``w:next``: "Body" in many a thesis or report template)."""
        found = self.find("paragraph", "Body Text")
        heading = self.find("paragraph", "Heading 1") or self._outline_style(0)
        if found is None and heading is not None:
            following = self._elements[heading].find(qn("w:next"))
            name = following.get(qn("w:val"), "") if following is not None else ""
            style = self._elements.get(name)
            if (style is not None and style.get(qn("w:type")) == "paragraph"
                    and self.inherited(name, "w:pPr/w:outlineLvl") is None):
                found = name  # a paragraph style, not another heading
        return found

    def _outline_style(self, level: int) -> str | None:
        """The paragraph style that gives paragraphs outline ``level`` itself (the root of
        the styles based on it), other than the title and contents styles."""
        others = {self.find("paragraph", name) for role in ("title", "subtitle", "contents_title")
                  for name in ROLES[role].names}
        for style_id, style in self._elements.items():
            outline = style.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
            if (style.get(qn("w:type")) == "paragraph" and outline is not None
                    and outline.get(qn("w:val")) == str(level) and style_id not in others):
                return style_id
        return None

    def _chain(self, style_id: str) -> Iterator[etree._Element]:
        """The style ``style_id`` and the styles it is based on, nearest first."""
        seen: set[str] = set()
        current: str | None = style_id
        while current and current not in seen and (style := self._elements.get(current)) \
                is not None:
            seen.add(current)
            yield style
            based = style.find(qn("w:basedOn"))
            current = based.get(qn("w:val")) if based is not None else None

    def _derives_from(self, style_id: str, ancestor: str) -> bool:
        """Whether ``style_id`` is ``ancestor`` or based on it, at any remove."""
        return any(style.get(qn("w:styleId")) == ancestor for style in self._chain(style_id))

    def inherited(self, style_id: str, path: str) -> etree._Element | None:
        """The element at ``path`` (``w:rPr/w:sz``) of a style, from the style itself or the
        nearest style it is based on, else from the document defaults."""
        tags = "/".join(qn(part) for part in path.split("/"))
        for style in self._chain(style_id):
            found = style.find(tags)
            if found is not None:
                return found
        kind = path.split("/", 1)[0].removeprefix("w:")
        return self.root.find(f"{qn('w:docDefaults')}/{qn(f'w:{kind}Default')}/{tags}")

    def ensure_readable_colours(self) -> None:
        """Darken every style text colour that reads badly on white (accessibility)."""
        changed = []
        for style in self.root.iterfind(qn("w:style")):
            if style.get(qn("w:type")) == "table" or style.find(f".//{qn('w:shd')}") is not None:
                continue  # text on a fill of its own
            colour = style.find(f"{qn('w:rPr')}/{qn('w:color')}")
            rgb = parse_hex(colour.get(qn("w:val"))) if colour is not None else None
            if rgb is None or contrast_ratio(rgb, WHITE) >= NORMAL_TEXT_RATIO:
                continue
            colour.set(qn("w:val"), hex_code(readable_colour(rgb, [WHITE], NORMAL_TEXT_RATIO)))
            for name in _THEME_ATTRIBUTES:
                colour.attrib.pop(name, None)
            changed.append(style.get(qn("w:styleId"), ""))
        if changed:
            self.warn(f"text colours of style(s) {', '.join(changed)} had a contrast below "
                      f"{NORMAL_TEXT_RATIO}:1 on white; darkened for accessibility")

    def missing(self) -> list[str]:
        """The style names a briefing would have to create."""
        return [spec.create for role, spec in ROLES.items() if not spec.silent
                and not self.has(role)]

    def _create(self, spec: StyleSpec) -> str:
        style_id = _word_id(spec.create) or "Style"
        while style_id in self._elements:
            style_id += "X"
        style = element("w:style", {"w:type": _KIND[spec.kind], "w:customStyle": "1",
                                    "w:styleId": style_id},
                        [element("w:name", {"w:val": spec.create})])
        if spec.based_on:
            style.append(element("w:basedOn", {"w:val": self.id(spec.based_on)}))
        if spec.kind == "paragraph" and spec.keep_next:
            style.append(element("w:next", {"w:val": self.id("body")}))
        style.append(element("w:qFormat"))
        if spec.kind == "paragraph":
            style.append(_paragraph_properties(spec))
        if spec.kind == "table":
            style.append(_table_properties())
        run = _run_properties(spec)
        if len(run):
            style.append(run)
        self.root.append(style)
        self._index(style)
        return style_id


def _paragraph_properties(spec: StyleSpec) -> etree._Element:
    ppr = element("w:pPr")
    if spec.keep_next:
        ppr.append(element("w:keepNext"))
        ppr.append(element("w:keepLines"))
    if spec.shade:
        ppr.append(element("w:shd", {"w:val": "clear", "w:color": "auto",
                                     "w:fill": spec.shade}))
    if spec.tab_right:
        ppr.append(element("w:tabs", children=[element("w:tab", {
            "w:val": "right", "w:leader": "dot", "w:pos": str(_TEXT_WIDTH_TWIPS)})]))
    spacing = {}
    if spec.before >= 0:
        spacing["w:before"] = str(spec.before)
    if spec.after >= 0:
        spacing["w:after"] = str(spec.after)
    if spacing:
        ppr.append(element("w:spacing", spacing))
    if spec.indent:
        ppr.append(element("w:ind", {"w:left": str(spec.indent)}))
    if spec.outline is not None:
        ppr.append(element("w:outlineLvl", {"w:val": str(spec.outline)}))
    return ppr


def _run_properties(spec: StyleSpec) -> etree._Element:
    rpr = element("w:rPr")
    if spec.font:
        rpr.append(element("w:rFonts", {"w:ascii": spec.font, "w:hAnsi": spec.font,
                                        "w:cs": spec.font}))
    if spec.bold:
        rpr.append(element("w:b"))
    if spec.italic:
        rpr.append(element("w:i"))
    if spec.colour:
        rpr.append(element("w:color", {"w:val": spec.colour}))
    if spec.size:
        rpr.append(element("w:sz", {"w:val": str(spec.size)}))
    if spec.create == "Hyperlink":
        rpr.append(element("w:u", {"w:val": "single"}))
    return rpr


def _table_properties() -> etree._Element:
    borders = element("w:tblBorders", children=[
        element(f"w:{edge}", {"w:val": "single", "w:sz": "4", "w:space": "0",
                              "w:color": "808080"})
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV")])
    margins = element("w:tblCellMar", children=[
        element("w:left", {"w:w": "108", "w:type": "dxa"}),
        element("w:right", {"w:w": "108", "w:type": "dxa"})])
    return element("w:tblPr", children=[borders, margins])


def set_language(styles_root: etree._Element, lang: str) -> None:
    """Set the document language on the style defaults (and where Normal overrides it),
    for East Asian or right-to-left text too when the language is written so."""
    defaults = styles_root.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = element("w:docDefaults")
        styles_root.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = element("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = element("w:rPr")
        rpr_default.append(rpr)
    targets = [rpr] + [style.find(qn("w:rPr")) for style in styles_root.iterfind(qn("w:style"))
                       if style.get(qn("w:default")) == "1"]
    for target in targets:
        if target is None:
            continue
        lang_node = target.find(qn("w:lang"))
        if lang_node is None:
            if target is not rpr:
                continue
            lang_node = element("w:lang")
            target.append(lang_node)
        for name, value in word_language_attributes(lang).items():
            lang_node.set(name, value)
