"""What Office Open XML packages are and how their parts inherit, written once.

The renderers (:mod:`exporter.render`) draw into templates and the audit
(:mod:`exporter.audit`) judges finished files; both must agree on what a package is and on
how PowerPoint and Word resolve what a file leaves unsaid, or a deck the renderer made
readable would fail the audit. So that knowledge lives here, apart from both, on lxml and
the standard library only (never python-docx or python-pptx):

- :mod:`.package`: the zip container — checked before any library opens it, written with
  fixed timestamps and order, dated reproducibly (standard library only, so the pipeline
  can check templates without loading lxml);
- :mod:`.parts`: parts and relationships read by name, and templates, shows and
  macro-enabled files relabelled as editable documents and presentations;
- :mod:`.colour`: WCAG contrast, hex and RGB forms, theme colours and their modifiers,
  DrawingML fills;
- :mod:`.presentation`: PresentationML inheritance — placeholders, text styles, colour
  maps and backgrounds from slide to layout to master;
- :mod:`.tablestyles`: DrawingML table styles and the cells they style.
"""
