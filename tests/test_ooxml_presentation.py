"""PresentationML inheritance, as the deck renderer and the audit both apply it.

Where the renderer's and the audit's copies of these rules used to disagree, the tests here
pin the one rule kept: a slide with no background anywhere is white (not ``bg1``), the
nearest stated fill wins (a layout's ``noFill`` hides its master's fill), a background that
is stated but unreadable is unknown (it hides the layers below it), and a master's
placeholder is found by family.
"""

from __future__ import annotations

from lxml import etree

from exporter.ooxml.colour import BLACK, TRANSPARENT, UNKNOWN, WHITE, Fill
from exporter.ooxml.parts import NS
from exporter.ooxml.presentation import (
    NO_BACKGROUND,
    Layout,
    Master,
    Placeholder,
    background,
    chain_props,
    fill_behind,
    inherited_list_styles,
    match_placeholder,
    own_props,
    placeholders,
    shape_fill,
)

RED, NAVY = (255, 0, 0), (0, 0, 128)
THEME = f"""<a:theme xmlns:a="{NS['a']}"><a:themeElements><a:clrScheme name="t">
  <a:dk1><a:srgbClr val="000000"/></a:dk1><a:lt1><a:srgbClr val="FFFFFF"/></a:lt1>
  <a:dk2><a:srgbClr val="000080"/></a:dk2><a:lt2><a:srgbClr val="EEEEEE"/></a:lt2>
  <a:accent1><a:srgbClr val="FF0000"/></a:accent1>
</a:clrScheme></a:themeElements></a:theme>"""
DARK_MAP = '<p:clrMap bg1="dk1" tx1="lt1" bg2="dk2" tx2="lt2"/>'
LIGHT_MAP = '<p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2"/>'


def _root(kind: str, shapes: str = "", *, before: str = "", after: str = "") -> etree._Element:
    """A slide, layout or master part: ``before`` the shape tree (a ``p:bg``), ``after``
    the common slide data (a ``p:clrMap``, ``p:txStyles``...)."""
    return etree.fromstring(
        f'<p:{kind} xmlns:p="{NS["p"]}" xmlns:a="{NS["a"]}"><p:cSld>{before}<p:spTree>'
        f'{shapes}</p:spTree></p:cSld>{after}</p:{kind}>')


def _placeholder(kind: str, idx: str = "", fill: str = "", text_style: str = "") -> str:
    idx_attr = f' idx="{idx}"' if idx else ""
    return (f'<p:sp><p:nvSpPr><p:cNvPr id="2" name="{kind}"/><p:cNvSpPr/><p:nvPr>'
            f'<p:ph type="{kind}"{idx_attr}/></p:nvPr></p:nvSpPr><p:spPr>{fill}</p:spPr>'
            f'<p:txBody><a:bodyPr/><a:lstStyle>{text_style}</a:lstStyle><a:p/></p:txBody>'
            '</p:sp>')


def _master(shapes: str = "", *, before: str = "", clr_map: str = LIGHT_MAP,
            text_styles: str = "") -> Master:
    return Master.read(_root("sldMaster", shapes, before=before, after=clr_map + text_styles),
                       etree.fromstring(THEME))


def _solid(hex_colour: str) -> str:
    return f'<a:solidFill><a:srgbClr val="{hex_colour}"/></a:solidFill>'


def _bg(fill: str) -> str:
    return f"<p:bg><p:bgPr>{fill}<a:effectLst/></p:bgPr></p:bg>"


def test_a_slide_with_no_background_anywhere_is_white_even_when_bg1_is_dark() -> None:
    master = _master(clr_map=DARK_MAP)
    layout, slide = _root("sldLayout"), _root("sld")
    scheme = master.scheme(layout, slide)
    assert scheme["bg1"] == BLACK and scheme["tx1"] == WHITE
    assert background((slide, layout, master.root), master.theme, scheme) == Fill((WHITE,))


def test_a_background_of_no_fill_is_the_white_page() -> None:
    master = _master(before=_bg("<a:noFill/>"), clr_map=DARK_MAP)
    assert background((master.root,), master.theme, master.scheme()) == NO_BACKGROUND


def test_the_nearest_stated_background_wins_even_when_it_cannot_be_read() -> None:
    master = _master(before=_bg(_solid("000080")))
    readable = _root("sldLayout", before=_bg(_solid("FF0000")))
    unreadable = _root("sldLayout", before="<p:bg><p:bgPr><a:effectLst/></p:bgPr></p:bg>")
    theme, scheme = master.theme, master.scheme()
    assert background((_root("sld"), readable, master.root), theme, scheme) == Fill((RED,))
    assert background((unreadable, master.root), theme, scheme) == UNKNOWN
    assert background((_root("sldLayout"), master.root), theme, scheme) == Fill((NAVY,))


def test_a_theme_background_style_is_resolved_with_its_colour() -> None:
    master = _master(before='<p:bg><p:bgRef idx="1001"><a:schemeClr val="bg2"/></p:bgRef></p:bg>',
                     clr_map=DARK_MAP)
    theme = master.theme
    assert background((master.root,), theme, master.scheme()) == Fill((NAVY,))


def test_a_layout_without_fill_hides_the_fill_of_its_master_placeholder() -> None:
    master = _master(_placeholder("body", "1", _solid("000080")))
    filled = Layout.read(_root("sldLayout", _placeholder("body", "1")), master)
    unfilled = Layout.read(_root("sldLayout", _placeholder("body", "1", "<a:noFill/>")), master)
    theme, scheme, page = master.theme, master.scheme(), Fill((WHITE,))
    for layout, expected in ((filled, Fill((NAVY,))), (unfilled, page)):
        (on_layout,) = layout.placeholders
        inherited = master.inherited(on_layout)
        assert fill_behind(on_layout.element, inherited, page, theme, scheme) == expected
    (on_layout,) = unfilled.placeholders
    assert shape_fill(on_layout.element, master.inherited(on_layout), theme,
                      scheme) == TRANSPARENT


def test_a_slide_placeholder_inherits_its_layout_then_its_master() -> None:
    master = _master(_placeholder("title") + _placeholder("obj", "1"))
    layout = Layout.read(_root("sldLayout", _placeholder("title") +
                               _placeholder("body", "13")), master)
    slide = placeholders(_root("sld", _placeholder("body", "13")))[0]
    layout_body, master_body = layout.placeholders[1].element, master.placeholders[1].element
    assert layout.inherited(slide) == [layout_body, master_body]  # the master's by family
    assert master.inherited(master.placeholders[1]) == []  # nothing above a master's own
    assert layout.inherited(Placeholder("ftr", "11")) == []


def test_text_properties_come_from_the_nearest_list_style_that_sets_them() -> None:
    levels = '<a:lvl1pPr><a:defRPr sz="{size}"{bold}>{fill}</a:defRPr></a:lvl1pPr>'
    body_style = ('<p:txStyles><p:titleStyle/><p:bodyStyle>'
                  + levels.format(size="2400", bold=' b="1"', fill=_solid("000080"))
                  + '</p:bodyStyle><p:otherStyle/></p:txStyles>')
    master = _master(_placeholder("body", "1", text_style=levels.format(
        size="2000", bold="", fill="")), text_styles=body_style)
    layout = Layout.read(_root("sldLayout", _placeholder("body", "1")), master)
    slide = placeholders(_root("sld", _placeholder("body", "1", text_style=levels.format(
        size="1600", bold="", fill=""))))[0]
    assert slide.element is not None
    outside = inherited_list_styles(layout.inherited(slide), master, slide.family, None)
    scheme = master.scheme()
    props = own_props(slide.element, 0, scheme).over(chain_props(outside, 0, scheme))
    assert (props.size, props.colour, props.bold) == (16.0, NAVY, True)
    assert chain_props(outside, 0, scheme).size == 20.0  # the master placeholder's


def test_a_colour_map_override_replaces_the_masters_map() -> None:
    master = _master(clr_map=LIGHT_MAP)
    override = '<p:clrMapOvr><a:overrideClrMapping bg1="dk1" tx1="lt1" bg2="dk2" ' \
               'tx2="lt2"/></p:clrMapOvr>'
    layout = _root("sldLayout", after=override)
    assert master.scheme()["tx1"] == BLACK
    assert master.scheme(layout)["tx1"] == WHITE
    assert master.scheme(layout, _root("sld"))["tx1"] == WHITE
    assert master.scheme(layout) is master.scheme(layout, _root("sld"))


def test_placeholder_matching_survives_repeated_idx() -> None:
    layout = [Placeholder("title", "0"), Placeholder("body", "1"), Placeholder("dt", "1"),
              Placeholder("ftr", "1")]
    assert match_placeholder(layout, Placeholder("ftr", "1")) == Placeholder("ftr", "1")
    assert match_placeholder(layout, Placeholder("obj", "1")) == Placeholder("body", "1")
    assert match_placeholder(layout, Placeholder("ctrTitle", "5")) == Placeholder("title", "0")
    assert match_placeholder([], Placeholder("body", "1")) is None
