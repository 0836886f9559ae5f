"""The pipeline: validation before writing, atomic writes, the hand-edit manifest."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import ARTICLE, ROOT, write_content
from PIL import Image as PILImage

from exporter import pipeline, renderpool
from exporter.audience import Audience
from exporter.errors import ContentError, OutputError, TemplateError
from exporter.files import write_atomic
from exporter.pipeline import BuildRequest, build, output_path, prepare
from exporter.publish import MANIFEST


@pytest.fixture
def fake_render(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Replace the renderers with one that records calls and returns known bytes."""
    calls: list[str] = []

    def render(output: pipeline.OutputJob) -> bytes:
        calls.append(f"{output.job.audience.name}.{output.fmt}")
        return f"{output.job.audience.name}:{output.fmt}".encode()

    monkeypatch.setattr(renderpool, "render_output", render)
    return calls


def test_build_writes_every_audience_and_format(tmp_path: Path, fake_render) -> None:
    written = build(BuildRequest(contents=(ARTICLE,), outdir=tmp_path))
    names = sorted(p.name for p in written)
    assert len(names) == 8
    assert "peru-military-drug-trafficking--executive.pptx" in names
    assert (tmp_path / "peru-military-drug-trafficking" / MANIFEST).is_file()
    assert not list(tmp_path.rglob("*.tmp"))


def test_one_audience_one_format(tmp_path: Path, fake_render) -> None:
    written = build(BuildRequest(contents=(ARTICLE,), outdir=tmp_path, audiences=("executive",),
                                 formats=("pptx",)))
    assert [p.name for p in written] == ["peru-military-drug-trafficking--executive.pptx"]
    assert fake_render == ["executive.pptx"]


def test_rebuild_overwrites_own_output_but_not_hand_edits(tmp_path: Path, fake_render) -> None:
    request = BuildRequest(contents=(ARTICLE,), outdir=tmp_path, audiences=("public",),
                           formats=("docx",))
    (target,) = build(request)
    assert build(request) == [target]
    target.write_bytes(b"edited by hand")
    with pytest.raises(OutputError, match="edited since exporter wrote it") as caught:
        build(request)
    assert caught.value.path == str(target)
    assert target.read_bytes() == b"edited by hand"
    build(BuildRequest(**{**request.__dict__, "force": True}))
    assert target.read_bytes() == b"public:docx"


def test_foreign_file_is_not_overwritten(tmp_path: Path, fake_render) -> None:
    target = output_path(tmp_path, ARTICLE, Audience(name="public"), "docx")
    target.parent.mkdir(parents=True)
    target.write_bytes(b"someone else's")
    with pytest.raises(OutputError, match="not written by exporter"):
        build(BuildRequest(contents=(ARTICLE,), outdir=tmp_path, audiences=("public",)))
    assert target.read_bytes() == b"someone else's"


def test_failed_render_leaves_previous_outputs_untouched(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake_render) -> None:
    request = BuildRequest(contents=(ARTICLE,), outdir=tmp_path, audiences=("analyst", "public"))
    before = {p: p.read_bytes() for p in build(request)}

    def failing(output: pipeline.OutputJob) -> bytes:
        if output.job.audience.name == "public":
            raise TemplateError("broken", path="x")
        return b"new"

    monkeypatch.setattr(renderpool, "render_output", failing)
    with pytest.raises(TemplateError):
        build(request)
    assert {p: p.read_bytes() for p in before} == before
    assert not list(tmp_path.rglob("*.tmp"))


def test_write_atomic_keeps_old_file_when_writing_fails(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.docx"
    target.write_bytes(b"good")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OutputError, match="No space left"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"good"
    assert [p.name for p in tmp_path.iterdir()] == ["out.docx"]


def test_unwritable_output_folder(tmp_path: Path, fake_render) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError, match="cannot write to the output folder"):
        build(BuildRequest(contents=(ARTICLE,), outdir=blocker, audiences=("public",)))


def test_output_names_cannot_escape(tmp_path: Path) -> None:
    path = output_path(tmp_path, Path("../../etc/passwd.md"), Audience(name="a"), "docx")
    assert path.resolve().is_relative_to(tmp_path.resolve())


def test_templates_read_once_per_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reads: list[Path] = []
    original = pipeline._read_template
    monkeypatch.setattr(pipeline, "_read_template", lambda p: reads.append(p) or original(p))
    template = tmp_path / "mine.docx"
    template.write_bytes((ROOT / "templates" / "default" / "briefing.docx").read_bytes())
    plan = prepare(BuildRequest(contents=(ARTICLE,), outdir=tmp_path, docx_template=template,
                                formats=("docx",)))
    assert len(plan.jobs) == 4 and reads == [template.resolve()]


def test_template_packages_are_checked_once_per_build(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The pipeline checks each template's package (every member read, so every checksum
    verified) once; the renderers, given four audiences' jobs each, trust it and test
    nothing again."""
    from exporter.ooxml import package

    tested: list[int] = []
    original = package.check_zip
    monkeypatch.setattr(package, "check_zip",
                        lambda *args, **kwargs: tested.append(1) or original(*args, **kwargs))
    written = build(BuildRequest(contents=(ARTICLE,), outdir=tmp_path,
                                 docx_template=ROOT / "templates" / "default" / "briefing.docx",
                                 pptx_template=ROOT / "templates" / "default" / "deck.pptx"))
    assert len(written) == 8 and len(tested) == 2


def test_missing_template(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="template not found"):
        prepare(BuildRequest(contents=(ARTICLE,), outdir=tmp_path,
                             docx_template=tmp_path / "none.docx"))


def _image_content(folder: Path, src: str) -> Path:
    return write_content(folder, f"# A\n\n![A chart]({src})\n")


def test_image_checks(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    PILImage.new("RGB", (4, 4), "red").save(folder / "ok.png")
    PILImage.new("RGB", (4, 4), "red").save(tmp_path / "outside.png")
    (folder / "fake.png").write_text("not an image")
    request = BuildRequest(contents=(_image_content(folder, "ok.png"),), outdir=tmp_path / "o",
                           audiences_file=None)
    assert prepare(request).jobs
    cases = {"missing.png": "not found", "fake.png": "not a readable image",
             "../outside.png": "outside the content's folder",
             "https://example.org/x.png": "is a URL"}
    for src, message in cases.items():
        content = _image_content(folder, src)
        with pytest.raises(ContentError, match=message):
            prepare(BuildRequest(contents=(content,), outdir=tmp_path / "o"))
    allowed = BuildRequest(contents=(_image_content(folder, "../outside.png"),),
                           outdir=tmp_path / "o", allow_outside=True)
    assert prepare(allowed).jobs


def _png_header(width: int, height: int) -> bytes:
    """A PNG that says it has ``width`` x ``height`` pixels (no pixel data)."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body)))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height,
                                                              8, 0, 0, 0, 0))
            + chunk(b"IEND", b""))


def test_images_are_read_once_and_refused_when_they_are_not_plain_small_images(
        tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "bomb.png").write_bytes(_png_header(30000, 30000))
    os.mkfifo(folder / "pipe.png")
    (tmp_path / "outside.png").write_bytes(_png_header(4, 4))
    (folder / "link.png").symlink_to(tmp_path / "outside.png")
    cases = {"bomb.png": "possible decompression bomb", "pipe.png": "not a regular file",
             "link.png": "outside the content's folder", "%2e%2e/outside.png": "%-escapes"}
    for src, message in cases.items():
        with pytest.raises(ContentError, match=message):
            prepare(BuildRequest(contents=(_image_content(folder, src),), outdir=tmp_path / "o"))
    PILImage.new("RGB", (4, 4), "red").save(folder / "ok.png")
    plan = prepare(BuildRequest(contents=(_image_content(folder, "ok.png"),),
                                outdir=tmp_path / "o"))
    shown = [job.job.images for job in plan.jobs if job.job.images]
    assert shown and all(images == {"ok.png": (folder / "ok.png").read_bytes()}
                         for images in shown)


def test_an_image_swapped_for_a_link_after_the_check_is_not_followed(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    base = folder.resolve()
    secret = tmp_path / "secret.png"
    PILImage.new("RGB", (4, 4), "blue").save(secret)
    real_resolve = Path.resolve
    checked: list[Path] = []

    def resolve_then_swap(self: Path, strict: bool = False) -> Path:
        """Resolve as the check does, then swap the image for a link, as an attacker
        could between the check and the read."""
        resolved = real_resolve(self, strict)
        if resolved.name == "late.png" and not checked:
            checked.append(resolved)
            resolved.unlink()
            resolved.symlink_to(secret)
        return resolved

    PILImage.new("RGB", (4, 4), "red").save(folder / "late.png")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Path, "resolve", resolve_then_swap)
        with pytest.raises(ContentError, match="cannot read the image"):
            pipeline.read_image("late.png", base, source="article.md", allow_outside=False)
    assert checked
