"""Reading the Secretariat's spreadsheets (XLSX or CSV) into header names and rows of text."""
from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path


class UnreadableFile(Exception):
    pass


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_table(path: Path) -> tuple[list[str], list[list[str]]]:
    """The first sheet's (or the CSV's) header row and the non-empty rows after it, all as text."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = [[_text(c) for c in row] for row in csv.reader(handle)]
    elif suffix in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook
        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises several kinds for a file that is not a workbook
            raise UnreadableFile(str(exc)) from exc
        rows = [[_text(c) for c in row] for row in book.worksheets[0].iter_rows(values_only=True)]
        book.close()
    else:
        raise UnreadableFile(f"{path.name}: only .xlsx and .csv files can be imported")
    rows = [row for row in rows if any(cell for cell in row)]
    if not rows:
        raise UnreadableFile(f"{path.name} is empty")
    return rows[0], rows[1:]
