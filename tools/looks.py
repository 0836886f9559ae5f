"""The shipped looks: one palette and type pairing per audience.

Used by the scripts that generate the shipped Word and PowerPoint templates
(``tools/make_docx_templates.py``, ``tools/make_pptx_templates.py``), so a briefing and a
deck of the same audience share colours and fonts. Fonts are Calibri and Cambria, whose
metric-compatible twins Carlito and Caladea are free, so line breaks are the same in Word,
PowerPoint and LibreOffice.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Look:
    """Colours (hex RGB, no #) and fonts of one template set."""

    name: str
    primary: str  # titles, heading text, title-slide background
    accent: str  # rules, bullets, highlights
    muted: str  # subtitles, captions, footers
    light: str  # tinted boxes and table header fill
    banner: str  # classification banner fill
    banner_text: str  # classification banner text
    heading_font: str = "Cambria"
    body_font: str = "Calibri"


LOOKS: dict[str, Look] = {
    look.name: look
    for look in (
        Look("default", primary="1F3864", accent="2E75B6", muted="595959", light="DEEAF6",
             banner="007A33", banner_text="FFFFFF"),
        Look("executive", primary="14213D", accent="B8860B", muted="4D4D4D", light="F3EBD3",
             banner="007A33", banner_text="FFFFFF"),
        Look("analyst", primary="263238", accent="00796B", muted="546E7A", light="E0F2F1",
             banner="007A33", banner_text="FFFFFF", heading_font="Calibri"),
        Look("partner", primary="0B3D91", accent="2E8B57", muted="4A5568", light="E3EEF9",
             banner="0033A0", banner_text="FFFFFF"),
        Look("public", primary="333F48", accent="D35400", muted="5F6B73", light="F4ECE6",
             banner="E6E6E6", banner_text="1A1A1A", heading_font="Calibri"),
    )
}
