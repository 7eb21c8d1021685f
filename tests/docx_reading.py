"""Reading produced .docx files back with python-docx: text, tables, and the fonts each run declares."""

from __future__ import annotations

import io

from docx import Document
from docx.oxml.ns import qn
from lxml import etree


def open_docx(content: bytes):
    return Document(io.BytesIO(content))


def all_paragraphs(document):
    yield from document.paragraphs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def text_of(document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def east_asian_fonts(document) -> set[str | None]:
    """The w:eastAsia font of every run with text, in body paragraphs and table cells."""
    fonts = set()
    for paragraph in all_paragraphs(document):
        for run in paragraph.runs:
            if run.text.strip():
                r_fonts = run._element.rPr.rFonts
                fonts.add(r_fonts.get(qn("w:eastAsia")) if r_fonts is not None else None)
    return fonts


def run_fonts(paragraph) -> tuple[str | None, str | None]:
    r_fonts = paragraph.runs[0]._element.rPr.rFonts
    return r_fonts.get(qn("w:ascii")), r_fonts.get(qn("w:eastAsia"))


def font_fallbacks(document) -> dict[str, str]:
    part = next(r.target_part for r in document.part.rels.values() if r.reltype.endswith("/fontTable"))
    root = etree.fromstring(part.blob)
    fallbacks = {}
    for font in root.findall(qn("w:font")):
        alt = font.find(qn("w:altName"))
        if alt is not None:
            fallbacks[font.get(qn("w:name"))] = alt.get(qn("w:val"))
    return fallbacks


def table_rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]
