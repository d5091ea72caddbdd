"""`aspbot import needs FILE`: the Secretariat's spreadsheet, with a report per row, all or nothing."""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from openpyxl import Workbook

# The command line runs on today's clock: references count per year of submission, on the Assembly's clock.
YEAR = f"CP-{datetime.now(ZoneInfo('Europe/Amsterdam')).year}"

ROOT = Path(__file__).resolve().parents[2]

HEADINGS = ["État", "Domaine du besoin", "Titre", "Description", "Institutions concernées", "Stade de la procédure",
            "Type d’aide recherchée", "Langues de travail", "Urgence", "Personne à contacter",
            "Communication aux fournisseurs", "Réponses confidentielles", "Remarques"]
GOOD = [
    ["Ouganda", "Criminalistique et médecine légale", "Laboratoire ADN", "Un laboratoire pour les fosses.",
     "Police", "Enquête", "Formation, Conseil d’experts", "français, anglais", "Dans l’année", "M. K.", "oui",
     "Description", "reçu par courriel"],
    ["SN", "Législation de mise en œuvre du Statut de Rome", "Loi d’adaptation", "Projet de loi à finaliser.",
     "Ministère de la Justice", "Législation", "Rédaction législative", "français", "Sans échéance fixe",
     "Mme D.", "non", "", ""],
]
BAD = ["Atlantis", "Forensics", "Title", "x", "Police", "Enquête", "Formation", "français", "bientôt", "X", "oui",
       "Titre", ""]


def workbook(path: Path, rows) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADINGS)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def aspbot(database_url: str, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "ASPBOT_"))}
    env.update(DATABASE_URL=database_url, PYTHONIOENCODING="utf-8", ASPBOT_DEFAULT_LOCALE="en")
    return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, text=True, env=env, cwd=ROOT,
                          timeout=60)


def test_a_sheet_with_one_bad_row_imports_nothing_then_the_corrected_sheet_imports_all(database_url, tmp_path):
    refused = aspbot(database_url, "import", "needs", str(workbook(tmp_path / "needs.xlsx", GOOD + [BAD])),
                     "--call", "CP-2024")
    assert refused.returncode == 1, refused.stderr
    assert refused.stdout.splitlines() == [
        "Unknown column “Remarques”: ignored.",
        "Row 2: correct (Uganda, “Laboratoire ADN”), not imported while other rows are refused.",
        "Row 3: correct (Senegal, “Loi d’adaptation”), not imported while other rows are refused.",
        "Row 4: refused. State: not a State Party I know.",
        "Row 4: refused. Confidential: “Titre” is not a question that can be confidential.",
        "Row 4: refused. Urgency: “bientôt” is not one of the options. Please pick one of the options.",
        "2 rows are correct.",
        "1 row was refused. Nothing was imported: correct it and import the file again.",
    ]
    assert "3/3" in refused.stderr  # the progress bar reached the end

    done = aspbot(database_url, "import", "needs", str(workbook(tmp_path / "fixed.xlsx", GOOD)), "--call", "CP-2024")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[1:] == [
        f"Row 2: {YEAR}-0001 for Uganda, “Laboratoire ADN”.",
        f"Row 3: {YEAR}-0002 for Senegal, “Loi d’adaptation”.",
        "2 rows imported into “Complementarity platform: technical assistance needs (2024)”.",
    ]
    # The Secretariat finds them, with the confidential mark carried over from the sheet.
    seen = subprocess.run([sys.executable, "-m", "bot", "console", "--as", "secretariat"],
                          input=f"/asp need {YEAR}-0001\n", capture_output=True, text=True, cwd=ROOT, timeout=60,
                          env={**{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "ASPBOT_"))},
                               "DATABASE_URL": database_url})
    assert "  Description: Un laboratoire pour les fosses. (confidential)" in seen.stdout.splitlines()
    assert "  Working languages: French, English (public)" in seen.stdout.splitlines()

    again = aspbot(database_url, "import", "needs", str(workbook(tmp_path / "again.xlsx", GOOD[:1])),
                   "--call", "CP-2024")
    assert again.returncode == 1
    assert "Row 2: refused. Title: this State already has a need with this title in this area." in again.stdout


def test_csv_with_english_headings_and_an_unreadable_file(database_url, tmp_path):
    sheet = tmp_path / "needs.csv"
    sheet.write_text("State,Area of need,Title,Description,Institutions concerned,Stage of proceedings,"
                     "Kind of help sought,Working languages,Urgency,Contact person,Sharing with providers\n"
                     "Kenya,Forensics,DNA lab,A lab.,Police,Investigation,Training,English,Within the year,Ann,yes\n",
                     encoding="utf-8")
    done = aspbot(database_url, "import", "needs", str(sheet), "--call", "CP-2024")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == f"Row 2: {YEAR}-0001 for Kenya, “DNA lab”."
    broken = tmp_path / "broken.xlsx"
    broken.write_text("not a workbook")
    failed = aspbot(database_url, "import", "needs", str(broken))
    assert failed.returncode == 2 and failed.stderr.startswith("aspbot import: cannot read")


def test_a_csv_as_french_excel_saves_it_semicolons_and_windows_1252(database_url, tmp_path):
    sheet = tmp_path / "besoins.csv"
    headings = [h.replace("’", "'") for h in HEADINGS]  # typed with a plain apostrophe in the sheet
    lines = [";".join(headings)] + [";".join(f'"{c}"' if ";" in c else c for c in row) for row in GOOD]
    sheet.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    done = aspbot(database_url, "import", "needs", str(sheet), "--call", "CP-2024")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[1:] == [
        f"Row 2: {YEAR}-0001 for Uganda, “Laboratoire ADN”.",
        f"Row 3: {YEAR}-0002 for Senegal, “Loi d’adaptation”.",
        "2 rows imported into “Complementarity platform: technical assistance needs (2024)”.",
    ]
    assert done.stderr.endswith("2/2\n")  # the progress bar ended its line


def test_a_tab_separated_utf8_file_with_a_bom_and_one_row(database_url, tmp_path):
    sheet = tmp_path / "needs.csv"
    sheet.write_bytes(("\t".join(HEADINGS) + "\n" + "\t".join(GOOD[0]) + "\n").encode("utf-8-sig"))
    done = aspbot(database_url, "import", "needs", str(sheet), "--call", "CP-2024")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1] == \
        "1 row imported into “Complementarity platform: technical assistance needs (2024)”."


def test_unreadable_files_and_an_unknown_call_are_one_line_each(database_url, tmp_path):
    binary = tmp_path / "needs.csv"
    binary.write_bytes(bytes(range(256)) * 4)
    failed = aspbot(database_url, "import", "needs", str(binary))
    assert failed.returncode == 2
    assert failed.stderr.splitlines() == [f"aspbot import: cannot read {binary}: needs.csv is not a text file"]
    sheet = workbook(tmp_path / "needs.xlsx", GOOD)
    unknown = aspbot(database_url, "import", "needs", str(sheet), "--call", "NOPE")
    assert unknown.returncode == 1 and "Traceback" not in unknown.stderr
    assert unknown.stderr.splitlines()[-1] == ("There is no call for input with the code “NOPE”. Type /asp campaign "
                                              "in the console to see the codes.")
