"""The Secretariat's spreadsheets: read (XLSX or CSV) into header names and rows of text, and exports written."""
from __future__ import annotations

import codecs
import csv
import io
from datetime import date, datetime
from pathlib import Path

from bot.services.tables import FORMATS, table_bytes

DELIMITERS = ",;\t"  # English Excel, French (and most European) Excel, "Text (tab-delimited)"


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


def _decoded(raw: bytes, name: str) -> str:
    """A CSV's text as Excel saves it: UTF-8 with or without BOM, UTF-16 ("Unicode text"), else Windows-1252."""
    if b"\x00" in raw and not raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise UnreadableFile(f"{name} is not a text file")
    for encoding in ("utf-16",) if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) \
            else ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(f"{name} is neither UTF-8 nor Windows-1252 text")


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    """Commas, semicolons or tabs, whichever the file uses (a one-column file has none: commas)."""
    sample = text[:65536]
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS)
    except csv.Error:
        first = sample.splitlines()[0] if sample else ""
        delimiter = max(DELIMITERS, key=first.count)

        class Found(csv.excel):
            pass

        Found.delimiter = delimiter if first.count(delimiter) else ","
        return Found


def read_csv(path: Path) -> list[list[str]]:
    text = _decoded(path.read_bytes(), path.name)
    try:
        return [[_text(c) for c in row] for row in csv.reader(io.StringIO(text, newline=""), _dialect(text))]
    except csv.Error as exc:
        raise UnreadableFile(f"{path.name}: {exc}") from exc


def read_table(path: Path) -> tuple[list[str], list[list[str]]]:
    """The first sheet's (or the CSV's) header row and the non-empty rows after it, all as text."""
    suffix = path.suffix.lower()
    if suffix in (".csv", ".tsv", ".txt"):
        rows = read_csv(path)
    elif suffix in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook
        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises several kinds for a file that is not a workbook
            raise UnreadableFile(str(exc)) from exc
        rows = [[_text(c) for c in row] for row in book.worksheets[0].iter_rows(values_only=True)]
        book.close()
    else:
        raise UnreadableFile(f"{path.name}: only .xlsx, .csv and .tsv files can be imported")
    rows = [row for row in rows if any(cell for cell in row)]
    if not rows:
        raise UnreadableFile(f"{path.name} is empty")
    return rows[0], rows[1:]


def write_table(path: Path, headers: list[str], rows: list[list], sheets=(), title: str = "Sheet") -> None:
    """The header row and rows as XLSX (with any further sheets: (title, headers, rows)) or CSV, by the file's
    suffix."""
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise UnreadableFile(f"{path.name}: only .xlsx and .csv files can be written")
    path.write_bytes(table_bytes(fmt, headers, rows, sheets, title=title))
