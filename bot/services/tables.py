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


def table_bytes(fmt: str, headers: list[str], rows: list[list]) -> bytes:
    """XLSX, or CSV in UTF-8 with a BOM (which Excel opens as such). ValueError for another format."""
    if fmt == "xlsx":
        from openpyxl import Workbook
        book = Workbook()
        sheet = book.active
        sheet.append([cell(h) for h in headers])
        for row in rows:
            sheet.append([cell(c) for c in row])
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
    if fmt != "csv":
        raise ValueError(fmt)
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow([cell(h) for h in headers])
    writer.writerows([[cell(c) for c in row] for row in rows])
    return text.getvalue().encode("utf-8-sig")
