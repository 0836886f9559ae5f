"""Template packages are checked before any library opens them, templates and macro-enabled
files are opened as plain ones, and outputs are reproducible."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from conftest import MACRO_ENABLED_TEMPLATE, ROOT, macro_enabled

from exporter.errors import TemplateError
from exporter.ooxml.package import (
    OLE_SIGNATURE,
    check_package,
    reproducible_zip,
    write_package,
)
from exporter.ooxml.parts import EDITABLE_MAIN_TYPE, VBA_PROJECT, editable_package

DOCX = (ROOT / "templates" / "default" / "briefing.docx").read_bytes()
PPTX = (ROOT / "templates" / "default" / "deck.pptx").read_bytes()


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_good_packages_pass() -> None:
    check_package(DOCX, "t.docx", "docx")
    check_package(PPTX, "t.pptx", "pptx")


@pytest.mark.parametrize(
    ("data", "fmt", "message"),
    [
        (OLE_SIGNATURE + b"\0" * 600, "docx", "password-protected"),
        (b"just some text", "docx", "not a zip package, or corrupt"),
        (DOCX[: len(DOCX) // 2], "docx", "not a zip package, or corrupt"),
        (PPTX, "docx", "it is a PowerPoint presentation"),
        (DOCX, "pptx", "it is a Word document"),
        (_zip({"hello.txt": b"x"}), "pptx", "it has no main part"),
        (_zip({"word/document.xml": b"<x/>"}), "docx", "no [Content_Types].xml"),
        (_zip({"[Content_Types].xml": b"", "word/document.xml": b"\0" * (4 * 2**20)}), "docx",
         "possible zip bomb"),
    ],
)
def test_bad_packages_are_refused(data: bytes, fmt: str, message: str) -> None:
    with pytest.raises(TemplateError, match=re.escape(message)) as caught:
        check_package(data, "bad.file", fmt)
    assert caught.value.path == "bad.file" and caught.value.hint


def test_too_many_members_refused_from_the_directory() -> None:
    data = _zip({f"m{i}": b"" for i in range(10_001)})
    with pytest.raises(TemplateError, match="zip members"):
        check_package(data, "many.docx", "docx")
    assert len(data) < 2**21


def test_reproducible_zip_is_stable_and_content_types_first() -> None:
    first = reproducible_zip(DOCX)
    assert reproducible_zip(DOCX) == first
    names = zipfile.ZipFile(io.BytesIO(first)).namelist()
    assert names[0] == "[Content_Types].xml"
    assert {i.date_time for i in zipfile.ZipFile(io.BytesIO(first)).infolist()} == {
        (1980, 1, 1, 0, 0, 0)}


def test_written_packages_hold_every_member_and_store_what_is_compressed_already() -> None:
    source = zipfile.ZipFile(io.BytesIO(PPTX))
    members = {name: source.read(name) for name in source.namelist()}
    members["ppt/média/ünïcode name.xml"] = "<x>é</x>".encode()
    members["ppt/media/photo.PNG"] = b"\x89PNG fake picture bytes" * 100
    members["empty.bin"] = b""
    written = write_package(members.items())
    package = zipfile.ZipFile(io.BytesIO(written))
    assert package.testzip() is None
    assert {name: package.read(name) for name in package.namelist()} == members
    kinds = {info.filename: info.compress_type for info in package.infolist()}
    assert kinds["ppt/media/photo.PNG"] == zipfile.ZIP_STORED
    assert kinds["ppt/presentation.xml"] == kinds["empty.bin"] == zipfile.ZIP_DEFLATED
    assert write_package(reversed(list(members.items()))) == written  # order is fixed


def test_a_package_of_more_members_than_a_plain_zip_holds_is_written_as_zip64() -> None:
    members = [(f"ppt/slides/slide{n}.xml", b"") for n in range(70_000)]
    with zipfile.ZipFile(io.BytesIO(write_package(members))) as package:
        assert len(package.namelist()) == 70_000
        assert package.testzip() is None


@pytest.mark.parametrize(("fmt", "plain", "rels"), [
    ("docx", DOCX, "word/_rels/document.xml.rels"),
    ("pptx", PPTX, "ppt/_rels/presentation.xml.rels"),
])
def test_macro_enabled_templates_are_opened_as_plain_files_without_macros(
        fmt: str, plain: bytes, rels: str) -> None:
    assert editable_package(plain, fmt) == (plain, ())
    source = macro_enabled(plain, fmt)
    check_package(source, f"t.{fmt}", fmt)
    editable, removed = editable_package(source, fmt)
    assert removed == ("macros",)
    with zipfile.ZipFile(io.BytesIO(editable)) as package:
        types = package.read("[Content_Types].xml").decode()
        assert EDITABLE_MAIN_TYPE[fmt] in types and MACRO_ENABLED_TEMPLATE[fmt] not in types
        assert VBA_PROJECT not in package.read(rels).decode()
        with zipfile.ZipFile(io.BytesIO(plain)) as original:
            assert package.read(rels).count(b"<Relationship ") == \
                original.read(rels).count(b"<Relationship ")
