"""A table (header row and rows) as the bytes of an XLSX or CSV file: what exports write to disk or send as a file.
Text people typed never becomes a formula."""
from __future__ import annotations

import csv
import io

FORMATS = ("xlsx", "csv")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet would run such a cell as a formula


def cell(value) -> object:
    """A cell as written: a typed value starting like a formula is kept as text, with a leading '."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def workbook_bytes(sheets: list[tuple[str, list[str], list[list]]]) -> bytes:
    """An XLSX file of named sheets, each a header row and rows; written as it goes (openpyxl's write-only mode),
    so a large table is not held twice."""
    from openpyxl import Workbook
    book = Workbook(write_only=True)
    for title, headers, rows in sheets:
        sheet = book.create_sheet(_sheet_title(title))
        sheet.append([cell(h) for h in headers])
        for row in rows:
            sheet.append([cell(c) for c in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_title(title: str) -> str:
    """Excel's rules for a sheet's name: at most 31 characters, none of []:*?/\\."""
    return "".join(" " if ch in "[]:*?/\\" else ch for ch in title)[:31] or "Sheet"


def table_bytes(fmt: str, headers: list[str], rows: list[list], sheets=(), title: str = "Sheet") -> bytes:
    """XLSX (the table as the sheet `title`, then any further `sheets`: (title, headers, rows)), or CSV in UTF-8
    with a BOM (which Excel opens as such) of the table only. ValueError for another format."""
    if fmt == "xlsx":
        return workbook_bytes([(title, headers, rows), *sheets])
    if fmt != "csv":
        raise ValueError(fmt)
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow([cell(h) for h in headers])
    writer.writerows([[cell(c) for c in row] for row in rows])
    return text.getvalue().encode("utf-8-sig")


def answer_headers(form, reader) -> list[str]:
    """A column per question of the form, then the list of the answers marked confidential."""
    from bot.i18n import _
    return [reader.render(f.label) for f in form.fields] + [reader.render(_("Confidential answers"))]


def answer_cells(form, answers: dict, confidential, reader) -> list:
    """The answers as a person reads them (labels for choices, dates as dates), in `answer_headers`' order."""
    from bot.engine.runner import display_value
    cells = [reader.param(display_value(f, answers[f.key], answers)) if f.key in answers else ""
             for f in form.fields]
    marked = [reader.render(f.label) for f in form.fields if f.key in confidential]
    return [*cells, reader.param(marked)]
