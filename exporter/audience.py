"""Audience profiles and the pure selection of a document for one audience.

A profile (from ``templates/audiences.yaml`` or ``--audiences FILE``) says which sections an
audience gets (by id or tag, include and exclude), at which depth (``summary``: key points and
summary only; ``full``: all prose), with which templates, banner, slide budget, layout
overrides, free template variables, and optionally the readers' language (``lang``, which
wins over the content's) and ``labels:`` that replace entries of :mod:`exporter.labels`.
:func:`load_profiles` validates the whole file and reports every problem at once;
:func:`select` is a pure function ``Document -> Document``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from exporter.errors import AudienceError, counted
from exporter.files import read_input
from exporter.labels import override_problems
from exporter.limits import PROFILES_FILE
from exporter.model import Document, Section, clean_plain_data
from exporter.yamlutil import key_line, load_yaml

DEPTHS = ("summary", "full")
NOTES_MODES = ("full", "authored", "none")
LAYOUT_ROLES = ("title", "agenda", "section", "content", "two_column", "picture", "closing")
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_HEX_COLOUR = re.compile(r"^#?[0-9A-Fa-f]{6}$")
#: A BCP 47 language tag as documents use them: ``es``, ``es-PE``, ``zh-Hant-TW``.
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


@dataclass(frozen=True)
class Audience:
    """One audience profile."""

    name: str
    label: str = ""
    description: str = ""
    docx_template: Path | None = None
    pptx_template: Path | None = None
    classification: str = ""
    banner_color: str = ""
    depth: str = "full"
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    slide_budget: int | None = None
    page_budget: int | None = None
    layouts: Mapping[str, str] = field(default_factory=dict, hash=False)
    notes: str = "full"
    toc: bool = True
    vars: Mapping[str, Any] = field(default_factory=dict, hash=False)
    lang: str = ""
    labels: Mapping[str, str] = field(default_factory=dict, hash=False)

    @property
    def display_label(self) -> str:
        return self.label or self.name.replace("-", " ").title()

    def template_context(self) -> dict[str, Any]:
        """What templates see as ``audience``."""
        return {
            "name": self.name,
            "label": self.display_label,
            "description": self.description,
            "depth": self.depth,
            "classification": self.classification,
            "vars": dict(self.vars),
        }


#: The profile used when no profiles file applies: the whole article, nothing left out.
FULL_AUDIENCE = Audience(name="full", label="Full", description="The whole article.")

_PROFILE_KEYS = {
    "label", "description", "docx_template", "pptx_template", "classification", "banner_color",
    "depth", "include", "exclude", "slide_budget", "page_budget", "layouts", "notes", "toc",
    "vars", "lang", "labels",
}


@dataclass
class _Problems:
    path: str
    items: list[tuple[int | None, str]] = field(default_factory=list)

    def add(self, line: int | None, message: str) -> None:
        self.items.append((line, message))

    def raise_if_any(self) -> None:
        if not self.items:
            return
        if len(self.items) == 1:
            line, message = self.items[0]
            raise AudienceError(message, path=self.path, line=line,
                                hint="fix the audience profiles file")
        raise AudienceError(
            counted([f"line {line}: {msg}" if line else msg for line, msg in self.items]),
            path=self.path, hint="fix the audience profiles file")


def load_profiles(path: Path) -> dict[str, Audience]:
    """Read and validate an audiences file; every problem is reported in one error."""
    data = read_input(path, error=AudienceError, what="audience profiles file",
                      missing_hint="pass an existing file to --audiences",
                      expected="a YAML file such as templates/audiences.yaml",
                      limit=PROFILES_FILE)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise AudienceError("is not UTF-8 text", path=path,
                            hint="save the profiles file as UTF-8") from None
    data = load_yaml(text, path=path, error=AudienceError)
    clean_plain_data(data, path=path, where="profiles")
    problems = _Problems(str(path))
    if not isinstance(data, Mapping) or not isinstance(data.get("audiences"), Mapping):
        raise AudienceError("expected a top-level `audiences:` mapping of name to profile",
                            path=path, line=1, hint="see templates/audiences.yaml")
    for key in data:
        if key != "audiences":
            problems.add(key_line(data, key), f"unknown top-level key `{key}`")
    profiles: dict[str, Audience] = {}
    for name, raw in data["audiences"].items():
        line = key_line(data["audiences"], name)
        profile = _profile(str(name), raw, path.parent, line, problems)
        if profile is not None:
            profiles[profile.name] = profile
    if not profiles and not problems.items:
        problems.add(key_line(data, "audiences"), "no audience profile is defined")
    problems.raise_if_any()
    return profiles


def _profile(
    name: str, raw: Any, base: Path, line: int | None, problems: _Problems
) -> Audience | None:
    if not _NAME.match(name):
        problems.add(line, f"audience name `{name}` must be lower-case letters, digits, - or _")
        return None
    if not isinstance(raw, Mapping):
        problems.add(line, f"audience `{name}` must be a mapping of settings")
        return None

    def where(key: str) -> int | None:
        return key_line(raw, key) or line

    for key in raw:
        if key not in _PROFILE_KEYS:
            problems.add(where(key), f"audience `{name}`: unknown key `{key}` "
                                     f"(known: {', '.join(sorted(_PROFILE_KEYS))})")
    values: dict[str, Any] = {"name": name}
    for key in ("label", "description", "classification"):
        if key in raw:
            values[key] = str(raw[key]).strip()
    if "banner_color" in raw:
        colour = str(raw["banner_color"])
        if not _HEX_COLOUR.match(colour):
            problems.add(where("banner_color"), f"audience `{name}`: banner_color must be "
                                                "a hex colour such as 8B0000")
        values["banner_color"] = colour.lstrip("#").upper()
    for key in ("docx_template", "pptx_template"):
        if raw.get(key):
            template = (base / str(raw[key])).resolve()
            if not template.is_file():
                problems.add(where(key), f"audience `{name}`: {key} {template} does not exist")
            values[key] = template
    values.update(_choice(raw, "depth", DEPTHS, name, where, problems))
    values.update(_choice(raw, "notes", NOTES_MODES, name, where, problems))
    for key in ("include", "exclude"):
        if key in raw:
            values[key] = _selectors(raw[key], key, name, where, problems)
    for key in ("slide_budget", "page_budget"):
        if key in raw:
            budget = raw[key]
            if not isinstance(budget, int) or isinstance(budget, bool) or budget < 1:
                problems.add(where(key), f"audience `{name}`: {key} must be a positive number")
            else:
                values[key] = budget
    if "toc" in raw:
        values["toc"] = bool(raw["toc"])
    if "layouts" in raw:
        layouts = raw["layouts"]
        if not isinstance(layouts, Mapping) or any(k not in LAYOUT_ROLES for k in layouts):
            problems.add(where("layouts"), f"audience `{name}`: layouts maps roles "
                                           f"({', '.join(LAYOUT_ROLES)}) to layout names")
        else:
            values["layouts"] = {str(k): str(v) for k, v in layouts.items()}
    if "vars" in raw:
        if not isinstance(raw["vars"], Mapping):
            problems.add(where("vars"), f"audience `{name}`: vars must be a mapping")
        else:
            values["vars"] = dict(raw["vars"])
    if "lang" in raw:
        lang = str(raw["lang"]).strip()
        if not _LANGUAGE_TAG.match(lang):
            problems.add(where("lang"), f"audience `{name}`: lang must be a language tag "
                                        "such as es or pt-BR")
        values["lang"] = lang
    if "labels" in raw:
        values.update(_labels(raw["labels"], name, where, problems))
    return Audience(**values)


def _labels(raw: Any, name: str, where: Any, problems: _Problems) -> dict[str, Any]:
    """A profile's label overrides, each problem reported on the line of its label."""
    found = override_problems(raw)
    for key, message in found:
        line = key_line(raw, key) if key is not None else None
        problems.add(line or where("labels"), f"audience `{name}`: {message}")
    if found:
        return {}
    return {"labels": {str(key): str(value) for key, value in raw.items()}}


def _choice(raw: Mapping[str, Any], key: str, allowed: Sequence[str], name: str, where: Any,
            problems: _Problems) -> dict[str, str]:
    if key not in raw:
        return {}
    value = str(raw[key])
    if value not in allowed:
        problems.add(where(key), f"audience `{name}`: {key} must be one of {', '.join(allowed)}")
        return {}
    return {key: value}


def _selectors(value: Any, key: str, name: str, where: Any, problems: _Problems) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        problems.add(where(key), f"audience `{name}`: {key} must be a list of section ids "
                                 "(`role`) or tags (`.internal`)")
        return ()
    return tuple(items)


def choose(profiles: Mapping[str, Audience], names: Sequence[str], path: str) -> list[Audience]:
    """The profiles named (all of them when ``names`` is empty), or an error listing them."""
    if not names:
        return list(profiles.values())
    unknown = [n for n in names if n not in profiles]
    if unknown:
        raise AudienceError(f"unknown audience {', '.join(unknown)}", path=path,
                            hint=f"choose from {', '.join(profiles)}")
    return [profiles[n] for n in dict.fromkeys(names)]


# ---------------------------------------------------------------------------------------
# Selection
# ---------------------------------------------------------------------------------------


def matches(section: Section, selectors: Sequence[str]) -> bool:
    """Whether a section is named by an id (``role``, ``#role``) or tag (``.internal``)."""
    for selector in selectors:
        if selector.startswith("."):
            if selector[1:] in section.tags:
                return True
        elif selector.lstrip("#") == section.id:
            return True
    return False


def unmatched_selectors(document: Document, audience: Audience) -> tuple[str, ...]:
    """The ids of ``audience``'s include and exclude lists that name no section of
    ``document`` (a profile written for another article, or a typo); tags are optional and
    never listed."""
    ids = {section.id for section in document.walk()}
    return tuple(dict.fromkeys(selector for selector in (*audience.include, *audience.exclude)
                               if not selector.startswith(".") and
                               selector.lstrip("#") not in ids))


def includes_none(document: Document, audience: Audience) -> bool:
    """Whether ``audience`` has an include list and it names no section of ``document``."""
    return bool(audience.include) and not any(matches(section, audience.include)
                                              for section in document.walk())


def select(document: Document, audience: Audience) -> Document:
    """The document as ``audience`` sees it: its sections, at its depth, in its language.
    An include list that names no section of the document (written for another article)
    keeps them all, rather than none. Pure."""
    if includes_none(document, audience):
        audience = dataclasses.replace(audience, include=())
    sections = tuple(_select_sections(document.sections, audience, inherited=False))
    meta = document.meta
    if audience.classification:
        meta = dataclasses.replace(meta, classification=audience.classification)
    if audience.lang:
        meta = dataclasses.replace(meta, lang=audience.lang)
    intro = document.intro if audience.depth == "full" else ()
    return dataclasses.replace(document, meta=meta, intro=intro, sections=sections)


def _select_sections(sections: Sequence[Section], audience: Audience, inherited: bool):
    for section in sections:
        if audience.exclude and matches(section, audience.exclude):
            continue
        chosen = inherited or not audience.include or matches(section, audience.include)
        children = tuple(_select_sections(section.subsections, audience, chosen))
        if not chosen and not children:
            continue
        blocks = section.blocks if audience.depth == "full" else ()
        notes = _notes_for(section, audience.notes)
        yield dataclasses.replace(section, blocks=blocks, subsections=children, notes=notes)


def _notes_for(section: Section, mode: str) -> tuple:
    """Speaker notes under a notes mode: ``full`` (written notes, else the prose),
    ``authored`` (only ``::: notes`` written for the purpose), ``none``."""
    if mode == "none":
        return ()
    if mode == "authored":
        return section.notes or ()
    return section.speaker_notes
