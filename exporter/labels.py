"""The words exporter adds to its outputs, in the reader's language.

Every label a briefing or a deck shows that the content did not write — slide and section
titles ("Agenda", "Key takeaways", "Part 5: ..."), continuation marks ("(cont.)"), the notes
exporter writes ("Not on the slide:"), caption words ("Table", "Figure"), the table of
contents' title, the lines of the shipped templates' covers and page numbering ("Page 3 of
10") — comes from :data:`TABLE`, one entry per language, chosen by the document's ``lang``
(the front matter's, or the audience profile's, which wins). English, Spanish, French,
Portuguese (as written in Brazil) and German are shipped; any other language falls back to
English, which :func:`known_language` lets the pipeline warn about once. A profile's
``labels:`` overrides single entries (:func:`override_problems` validates them).

Labels with ``{fields}`` are filled by :meth:`Labels.text`; numbers are written as the
language writes them and dates through :func:`exporter.text.display_date` in the entry
``date_format`` (a CLDR name such as ``long``, or a pattern such as ``d MMMM y``).
:class:`Labels` is plain, picklable data: the plans receive it, they never look it up.
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from exporter.scripts import base_language
from exporter.text import display_date, valid_date_format

#: The language used when the document's has no table.
FALLBACK = "en"

_ENGLISH = {
    # decks
    "agenda": "Agenda",
    "key_takeaways": "Key takeaways",
    "part": "Part {number}: {title}",
    "continued": "{title} (cont.)",
    "continued_again": "{title} (cont. {count})",
    "not_on_slide": "Not on the slide:",
    "table_partial": "The slides show {rows} of the table's {all_rows} rows and {columns} of "
                     "its {all_columns} columns; the briefing has the whole table.",
    "continues_slide": "Continues “{title}” (slide {slide}); the section's notes are on "
                       "that slide.",
    "table_continues": "The table continues from slide {slide}.",
    "timeline_continues": "The timeline continues from slide {slide}.",
    "image": "Image",
    "image_note": "Image: {alt}",
    "section_table": "{section}: table",
    "section_figure": "{section}: figure",
    "section_timeline": "{section}: timeline",
    "untitled": "Untitled",
    # briefings
    "summary": "Executive summary",
    "bottom_line": "Bottom line",
    "introduction": "Introduction",
    "findings": "Key findings",
    "recommendations": "Options and recommendations",
    "contents": "Contents",
    "table": "Table",
    "figure": "Figure",
    "date": "Date",
    "event": "Event",
    # the shipped templates' covers and footers
    "briefing_cover": "{audience} briefing",
    "brief_cover": "{audience} brief",
    "prepared_for": "Prepared for {audience}",
    "classification_line": "Classification: {classification}",
    "page_of": "Page {page} of {pages}",
    # dates: house style, day before month
    "date_format": "d MMMM y",
}

#: Label tables by language; every table has every key of the English one.
TABLE: dict[str, dict[str, str]] = {
    "en": _ENGLISH,
    "es": {
        "agenda": "Orden del día",
        "key_takeaways": "Conclusiones clave",
        "part": "Parte {number}: {title}",
        "continued": "{title} (cont.)",
        "continued_again": "{title} (cont. {count})",
        "not_on_slide": "No está en la diapositiva:",
        "table_partial": "Las diapositivas muestran {rows} de las {all_rows} filas y {columns} de "
                         "las {all_columns} columnas de la tabla; el informe la tiene completa.",
        "continues_slide": "Continuación de «{title}» (diapositiva {slide}); las notas de la "
                           "sección están en esa diapositiva.",
        "table_continues": "Continuación de la tabla de la diapositiva {slide}.",
        "timeline_continues": "Continuación de la cronología de la diapositiva {slide}.",
        "image": "Imagen",
        "image_note": "Imagen: {alt}",
        "section_table": "{section}: tabla",
        "section_figure": "{section}: figura",
        "section_timeline": "{section}: cronología",
        "untitled": "Sin título",
        "summary": "Resumen ejecutivo",
        "bottom_line": "Conclusión principal",
        "introduction": "Introducción",
        "findings": "Hallazgos principales",
        "recommendations": "Opciones y recomendaciones",
        "contents": "Índice",
        "table": "Tabla",
        "figure": "Figura",
        "date": "Fecha",
        "event": "Acontecimiento",
        "briefing_cover": "Informe: {audience}",
        "brief_cover": "Nota breve: {audience}",
        "prepared_for": "Preparado para {audience}",
        "classification_line": "Clasificación: {classification}",
        "page_of": "Página {page} de {pages}",
        "date_format": "long",
    },
    "fr": {
        "agenda": "Ordre du jour",
        "key_takeaways": "Points clés à retenir",
        "part": "Partie {number}\u00a0: {title}",
        "continued": "{title} (suite)",
        "continued_again": "{title} (suite {count})",
        "not_on_slide": "Absent de la diapositive\u00a0:",
        "table_partial": "Les diapositives montrent {rows} des {all_rows} lignes et {columns} des "
                         "{all_columns} colonnes du tableau\u00a0; la note le donne en entier.",
        "continues_slide": "Suite de «\u00a0{title}\u00a0» (diapositive {slide})\u00a0; les "
                           "notes de la section figurent sur cette diapositive.",
        "table_continues": "Suite du tableau de la diapositive {slide}.",
        "timeline_continues": "Suite de la chronologie de la diapositive {slide}.",
        "image": "Image",
        "image_note": "Image\u00a0: {alt}",
        "section_table": "{section}\u00a0: tableau",
        "section_figure": "{section}\u00a0: figure",
        "section_timeline": "{section}\u00a0: chronologie",
        "untitled": "Sans titre",
        "summary": "Synthèse",
        "bottom_line": "L’essentiel",
        "introduction": "Introduction",
        "findings": "Principaux constats",
        "recommendations": "Options et recommandations",
        "contents": "Sommaire",
        "table": "Tableau",
        "figure": "Figure",
        "date": "Date",
        "event": "Événement",
        "briefing_cover": "Note d’information\u00a0: {audience}",
        "brief_cover": "Note de synthèse\u00a0: {audience}",
        "prepared_for": "Préparé pour {audience}",
        "classification_line": "Classification\u00a0: {classification}",
        "page_of": "Page {page} sur {pages}",
        "date_format": "long",
    },
    "pt": {
        "agenda": "Pauta",
        "key_takeaways": "Principais conclusões",
        "part": "Parte {number}: {title}",
        "continued": "{title} (cont.)",
        "continued_again": "{title} (cont. {count})",
        "not_on_slide": "Fora do slide:",
        "table_partial": "Os slides mostram {rows} das {all_rows} linhas e {columns} das "
                         "{all_columns} colunas da tabela; o relatório a traz completa.",
        "continues_slide": "Continuação de “{title}” (slide {slide}); as notas da seção "
                           "estão nesse slide.",
        "table_continues": "Continuação da tabela do slide {slide}.",
        "timeline_continues": "Continuação da linha do tempo do slide {slide}.",
        "image": "Imagem",
        "image_note": "Imagem: {alt}",
        "section_table": "{section}: tabela",
        "section_figure": "{section}: figura",
        "section_timeline": "{section}: linha do tempo",
        "untitled": "Sem título",
        "summary": "Resumo executivo",
        "bottom_line": "Conclusão principal",
        "introduction": "Introdução",
        "findings": "Principais constatações",
        "recommendations": "Opções e recomendações",
        "contents": "Sumário",
        "table": "Tabela",
        "figure": "Figura",
        "date": "Data",
        "event": "Acontecimento",
        "briefing_cover": "Nota informativa: {audience}",
        "brief_cover": "Nota resumida: {audience}",
        "prepared_for": "Preparado para {audience}",
        "classification_line": "Classificação: {classification}",
        "page_of": "Página {page} de {pages}",
        "date_format": "long",
    },
    "de": {
        "agenda": "Agenda",
        "key_takeaways": "Kernaussagen",
        "part": "Teil {number}: {title}",
        "continued": "{title} (Forts.)",
        "continued_again": "{title} (Forts. {count})",
        "not_on_slide": "Nicht auf der Folie:",
        "table_partial": "Die Folien zeigen {rows} der {all_rows} Zeilen und {columns} der "
                         "{all_columns} Spalten der Tabelle; das Briefing enthält sie ganz.",
        "continues_slide": "Fortsetzung von „{title}“ (Folie {slide}); die Notizen zum "
                           "Abschnitt stehen auf jener Folie.",
        "table_continues": "Fortsetzung der Tabelle von Folie {slide}.",
        "timeline_continues": "Fortsetzung der Zeitleiste von Folie {slide}.",
        "image": "Bild",
        "image_note": "Bild: {alt}",
        "section_table": "{section}: Tabelle",
        "section_figure": "{section}: Abbildung",
        "section_timeline": "{section}: Zeitleiste",
        "untitled": "Ohne Titel",
        "summary": "Zusammenfassung",
        "bottom_line": "Das Wichtigste in Kürze",
        "introduction": "Einleitung",
        "findings": "Wichtigste Erkenntnisse",
        "recommendations": "Optionen und Empfehlungen",
        "contents": "Inhalt",
        "table": "Tabelle",
        "figure": "Abbildung",
        "date": "Datum",
        "event": "Ereignis",
        "briefing_cover": "Informationspapier: {audience}",
        "brief_cover": "Kurzinformation: {audience}",
        "prepared_for": "Erstellt für {audience}",
        "classification_line": "Einstufung: {classification}",
        "page_of": "Seite {page} von {pages}",
        "date_format": "long",
    },
}
LABEL_KEYS = tuple(_ENGLISH)
_FIELD = re.compile(r"\{(\w*)\}")


def fields_of(text: str) -> tuple[str, ...] | None:
    """The ``{field}`` names of a label, in order; None when its braces are malformed."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        return None
    names = []
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            return None
        names.append(name)
    return tuple(names)


def known_language(lang: str) -> bool:
    """Whether the labels of ``lang`` (a tag such as ``es-PE``) are shipped."""
    return base_language(lang) in TABLE


@dataclass(frozen=True)
class Labels:
    """The labels of one output: the words and the locale their numbers and dates use."""

    locale: str  # a tag such as ``es-PE`` (the document's, or English when unknown); its
    # CLDR locale is looked up when a number or a date is first written, so building the
    # labels loads no locale data
    words: Mapping[str, str] = field(hash=False)
    #: Dates (by ISO date) and the whole numbers below :data:`WRITTEN_NUMBERS` already
    #: written in the locale (:meth:`written_out`): a render process given these labels
    #: writes them without loading Babel's locale data again.
    dates: Mapping[str, str] = field(default_factory=dict, hash=False, compare=False)
    numbers: tuple[str, ...] = field(default=(), compare=False)

    def __getitem__(self, key: str) -> str:
        return self.words[key]

    def text(self, key: str, **values: Any) -> str:
        """Label ``key`` with its fields filled (numbers written in the locale)."""
        return self.words[key].format_map({name: self._shown(value)
                                           for name, value in values.items()})

    def date(self, value: str) -> str:
        """An ISO date as the locale writes it (anything else unchanged)."""
        written = self.dates.get(value)
        if written is not None:
            return written
        return display_date(value, _babel_locale(self.locale), self.words["date_format"])

    def number(self, value: int) -> str:
        """A whole number as the locale writes it."""
        if 0 <= value < len(self.numbers):
            return self.numbers[value]
        from babel.numbers import format_decimal

        return format_decimal(value, locale=_babel_locale(self.locale))

    def written_out(self, dates: Iterable[str] = ()) -> Labels:
        """These labels with ``dates`` and the small whole numbers (slide and part numbers,
        counts) written once, here: what the pipeline gives the render processes, which
        then need no locale data for the words they add."""
        return replace(
            self, dates={**self.dates, **{value: self.date(value) for value in dates}},
            numbers=_written_numbers(self.locale))

    def page_numbering(self) -> dict[str, str]:
        """The words around the page number and the page count (``before``, ``between``,
        ``after``), for templates that put the two fields between them."""
        head, _, rest = self.words["page_of"].partition("{page}")
        between, _, after = rest.partition("{pages}")
        return {"before": head, "between": between, "after": after}

    def filled(self, **values: str) -> dict[str, str]:
        """Every label, with the fields ``values`` names filled and the others kept as
        ``{field}`` (what templates see as ``labels``)."""
        return {key: _FIELD.sub(lambda m: values.get(m.group(1), m.group()), text)
                for key, text in self.words.items()}

    def _shown(self, value: Any) -> Any:
        return self.number(value) if isinstance(value, int) else value


#: How many whole numbers (from 0) :meth:`Labels.written_out` writes ahead.
WRITTEN_NUMBERS = 200


@functools.lru_cache(maxsize=16)
def _written_numbers(locale: str) -> tuple[str, ...]:
    from babel.numbers import format_decimal

    cldr = _babel_locale(locale)
    return tuple(format_decimal(value, locale=cldr) for value in range(WRITTEN_NUMBERS))


@functools.lru_cache(maxsize=64)
def _babel_locale(lang: str) -> str:
    """The CLDR locale of a language tag (``es-PE`` → ``es_PE``), or its language alone
    when CLDR has no such region, or English."""
    from babel import Locale, UnknownLocaleError

    for candidate in (lang.replace("-", "_"), base_language(lang), FALLBACK):
        try:
            return str(Locale.parse(candidate))
        except (UnknownLocaleError, ValueError):
            continue
    return FALLBACK


def labels_for(lang: str, overrides: Mapping[str, str] | None = None) -> Labels:
    """The labels of a document in ``lang`` (English when no table has it), with a
    profile's ``overrides`` on top."""
    language = base_language(lang)
    if language in TABLE:
        words, locale = TABLE[language], lang
    else:
        words, locale = TABLE[FALLBACK], FALLBACK
    if overrides:
        words = {**words, **overrides}
    return Labels(locale, words)


ENGLISH = labels_for(FALLBACK)


def override_problems(overrides: Any) -> list[tuple[str | None, str]]:
    """What is wrong with a profile's ``labels:`` mapping: (key or None, message) each."""
    if not isinstance(overrides, Mapping):
        return [(None, "labels must map label names to the words to show")]
    problems: list[tuple[str | None, str]] = []
    for key, value in overrides.items():
        name = str(key)
        if name not in _ENGLISH:
            problems.append((name, f"unknown label `{name}` (known: {', '.join(LABEL_KEYS)})"))
            continue
        if not isinstance(value, str) or not value.strip():
            problems.append((name, f"label `{name}` must be a text"))
            continue
        problem = _value_problem(name, value)
        if problem:
            problems.append((name, problem))
    return problems


def _value_problem(name: str, value: str) -> str:
    if name == "date_format":
        return "" if valid_date_format(value) else (
            "label `date_format` must be short, medium, long, full or a date pattern such "
            "as d MMMM y")
    allowed = fields_of(_ENGLISH[name]) or ()
    used = fields_of(value)
    if used is None:
        return f"label `{name}` has a malformed {{field}}; write {{ }} around a field name"
    unknown = [f for f in used if f not in allowed]
    if unknown:
        choice = ", ".join(f"{{{f}}}" for f in allowed) or "no field"
        return f"label `{name}` may use {choice}, not {{{unknown[0]}}}"
    if name == "page_of" and used != ("page", "pages"):
        return "label `page_of` must hold {page} then {pages}, once each"
    return ""
