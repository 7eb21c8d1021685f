"""Official-document (公文) layout for python-docx, after GB/T 9704: A4, margins 37/35/28/26 mm, title
in 方正小标宋简体 二号, body in 仿宋_GB2312 三号 on a fixed 28 pt line, first-level headings in 黑体,
second-level in 楷体_GB2312.

Fonts: Word and WPS pick the font for Chinese characters from ``w:eastAsia``, not from the Latin
name python-docx sets, so every run gets all four ``w:rFonts`` attributes. Machines without the
GB2312-era fonts fall back through ``w:altName`` in the document's font table: 方正小标宋简体 → 黑体,
仿宋_GB2312 → 仿宋, 楷体_GB2312 → 楷体 (Word and WPS both honour it when the named font is missing).
"""

from __future__ import annotations

import io
from datetime import date

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt
from lxml import etree

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
FALLBACKS = {TITLE_FONT: "黑体", BODY_FONT: "仿宋", SUBHEADING_FONT: "楷体", HEADING_FONT: "SimHei"}
TITLE_SIZE, BODY_SIZE, TABLE_SIZE = Pt(22), Pt(16), Pt(12)
LINE = Pt(28)


def new_document() -> Document:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = document.styles["Normal"]
    normal.font.size = BODY_SIZE
    _set_fonts(normal.element.get_or_add_rPr(), BODY_FONT)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal.paragraph_format.line_spacing = LINE
    _declare_fallbacks(document)
    return document


def landscape(document: Document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(28), Mm(26)
    section.left_margin, section.right_margin = Mm(37), Mm(35)


def title(document: Document, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.line_spacing = Pt(36)
    paragraph.paragraph_format.space_after = Pt(28)
    run_in(paragraph, text, TITLE_FONT, TITLE_SIZE)


def addressee(document: Document, text: str) -> None:
    run_in(document.add_paragraph(), text, BODY_FONT, BODY_SIZE)


def heading(document: Document, text: str) -> None:
    _indented(document, text, HEADING_FONT)


def subheading(document: Document, text: str) -> None:
    _indented(document, text, SUBHEADING_FONT)


def body(document: Document, text: str) -> None:
    _indented(document, text, BODY_FONT)


def table(document: Document, headers: list[str], rows: list[list[object]], widths_mm: list[float]) -> None:
    grid = document.add_table(rows=1, cols=len(headers))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    # Cell widths alone are ignored by LibreOffice/WPS; the table grid (gridCol) carries them too.
    grid.autofit = False
    for column, width in zip(grid.columns, widths_mm, strict=True):
        column.width = Mm(width)
    for cell, header, width in zip(grid.rows[0].cells, headers, widths_mm, strict=True):
        _cell(cell, header, HEADING_FONT, Mm(width), center=True)
    _repeat_header(grid.rows[0])
    for values in rows:
        for cell, value, width in zip(grid.add_row().cells, values, widths_mm, strict=True):
            _cell(cell, "" if value is None else str(value), BODY_FONT, Mm(width), center=len(str(value)) <= 8)
    document.add_paragraph()


def signature(document: Document, lines: list[str]) -> None:
    document.add_paragraph()
    for line in lines:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.right_indent = Pt(32)
        run_in(paragraph, line, BODY_FONT, BODY_SIZE)


def run_in(paragraph, text: str, font: str, size, *, bold: bool = False):
    run = paragraph.add_run(text)
    run.font.size = size
    run.font.bold = bold
    _set_fonts(run._element.get_or_add_rPr(), font)
    return run


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def to_bytes(document: Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _indented(document: Document, text: str, font: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.first_line_indent = Pt(32)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    run_in(paragraph, text, font, BODY_SIZE)


def _cell(cell, text: str, font: str, width, *, center: bool) -> None:
    cell.width = width
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    paragraph.paragraph_format.first_line_indent = Pt(0)
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run_in(paragraph, text, font, TABLE_SIZE)


def _repeat_header(row) -> None:
    row._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {nsdecls("w")} w:val="true"/>'))


def _set_fonts(rPr, font: str) -> None:
    fonts = rPr.get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), font)
    fonts.set(qn("w:hint"), "eastAsia")


def _declare_fallbacks(document: Document) -> None:
    """Add our fonts to word/fontTable.xml with their ``w:altName`` fallback and the GB2312 charset."""
    part = next(r.target_part for r in document.part.rels.values() if r.reltype.endswith("/fontTable"))
    table_xml = parse_xml(part.blob)
    for font, fallback in FALLBACKS.items():
        table_xml.append(parse_xml(
            f'<w:font {nsdecls("w")} w:name="{font}"><w:altName w:val="{fallback}"/><w:charset w:val="86"/>'
            f'<w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>'
        ))
    part._blob = etree.tostring(table_xml, xml_declaration=True, encoding="UTF-8", standalone=True)
