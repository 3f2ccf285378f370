#!/usr/bin/env python3
"""Exports as a pilot opens them in LibreOffice Calc.

Answers the test form through the JSON API, downloads every response export (both dialects, codes and text
labels, one column per option and joined) and both statistics files from the running binary, converts them
all to XLSX with one headless LibreOffice run per import setting, reads them back with openpyxl and compares
cell by cell with what was submitted.

Two import settings, both with the separators of Calc's import dialog on a fresh profile (`,` `;` and Tab
together: 44/59/9), the double quote as text delimiter, UTF-8 and the French locale:
- "default": the dialog as it opens. Every cell stays whole, rows keep their width, nothing becomes a
  formula, numbers (decimal comma included) are numbers.
- "documented": what exports/README.md tells pilots to choose, "Détecter les nombres spéciaux" ticked and
  the département column typed "Texte": the submission time is a date and `01` keeps its zero.
"""
import csv
import datetime
import io
import json
import os
import re
import subprocess
import unittest
import urllib.request
import zoneinfo

import openpyxl

BASE = os.environ["TNT_BASE_URL"]
TOKEN = os.environ["TNT_PILOT_TOKEN"]
WORK = os.environ["TNT_WORK_DIR"]
SLUG = "bureautique"

# "Text - txt - csv (StarCalc)" options: separators, text delimiter, charset (76 = UTF-8), first line,
# column types (column/type, 2 = text), language (1036 = fr-FR), quoted field as text, detect special numbers.
IMPORT_SETTINGS = {
    "default": "44/59/9,34,76,1,,1036,false,false",
    "documented": "44/59/9,34,76,1,4/2,1036,false,true",
}
DEPARTEMENT_COLUMN = 3  # 0-based: id, time, commune, département in every response export; "4/2" above

RESPONSES = [
    {
        "commune": "Saint-Martin ; dit « le Haut », vraiment",
        "departement": "01",
        "commentaire": "Première ligne, avec une virgule ; et un point-virgule\n=SOMME(1;2)\nfin",
        "type_structure": "epci",
        "enjeux": ["services", "attractivite", "autre"],
        "enjeux.autre": "Autre ; chose, ici\n+ encore",
        "budget": 1234.5,
    },
    {
        "commune": "=1+1",
        "departement": "2A",
        "commentaire": "-10 %\n@pilote",
        "type_structure": "commune",
        "budget": 12,
    },
    {
        "commune": "L'Haÿ-les-Roses",
        "departement": "974",
        "commentaire": "Une seule ligne",
        "enjeux": ["attractivite"],
    },
]

# The text columns compared with what was submitted: answer key → header with text labels.
TEXT_COLUMNS = {
    "commune": "Commune (nom, ou « lieu-dit »)",
    "commentaire": "Commentaire ; sur plusieurs lignes",
    "enjeux.autre": "Enjeux (autre)",
}

NUMBER = re.compile(r"^-?[0-9]+([.,][0-9]+)?$")
ISO_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def neutralised(text):
    """What the export writes for a typed text: a quote before every line that could start a formula."""
    return "\n".join("'" + line if line[:1] in ("=", "+", "-", "@", "\t", "\r") else line for line in text.split("\n"))


def request(method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(BASE + path, data=data, method=method)
    req.add_header("Authorization", "Bearer " + TOKEN)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req, timeout=60) as response:
        return response.status, response.read()


class OfficeExports(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.submitted_at = []
        for answers in RESPONSES:
            status, body = request("POST", f"/api/v1/forms/{SLUG}/responses", {"answers": answers})
            assert status == 201, body
            cls.submitted_at.append(json.loads(body)["submitted_at"])

        cls.files = {}  # name → (kind, dialect, labels, bytes)
        for dialect in ("excel", "rfc4180"):
            for labels in ("text", "codes"):
                for multiple in ("columns", "joined"):
                    query = f"dialect={dialect}&labels={labels}&multiple={multiple}"
                    _, body = request("GET", f"/api/v1/forms/{SLUG}/responses.csv?{query}")
                    cls.files[f"reponses-{dialect}-{labels}-{multiple}"] = ("responses", dialect, labels, body)
            _, body = request("GET", f"/api/v1/forms/{SLUG}/stats.csv?dialect={dialect}")
            cls.files[f"statistiques-{dialect}"] = ("stats", dialect, "text", body)

        csv_dir = os.path.join(WORK, "csv")
        os.makedirs(csv_dir)
        for name, (_, _, _, body) in cls.files.items():
            with open(os.path.join(csv_dir, name + ".csv"), "wb") as out:
                out.write(body)

        # One LibreOffice run per import setting converts every file; a private profile, so the run
        # neither reads nor disturbs anyone's settings.
        cls.workbooks = {}
        for setting, options in IMPORT_SETTINGS.items():
            out_dir = os.path.join(WORK, "xlsx-" + setting)
            command = ["soffice", "--headless", "--norestore", "--nolockcheck",
                       "-env:UserInstallation=file://" + os.path.join(WORK, "lo-profile"),
                       "--infilter=Text - txt - csv (StarCalc):" + options,
                       "--convert-to", "xlsx", "--outdir", out_dir]
            command += [os.path.join(csv_dir, name + ".csv") for name in cls.files]
            run = subprocess.run(command, capture_output=True, text=True, timeout=300)
            assert run.returncode == 0, run.stdout + run.stderr
            for name in cls.files:
                path = os.path.join(out_dir, name + ".xlsx")
                assert os.path.exists(path), f"{path} missing: {run.stdout} {run.stderr}"
                cls.workbooks[(setting, name)] = openpyxl.load_workbook(path).active

    def parsed(self, name):
        """The file as a CSV reader that knows its dialect reads it: the reference for every cell."""
        _, dialect, _, body = self.files[name]
        text = body.decode("utf-8-sig")
        delimiter = ";" if dialect == "excel" else ","
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))

    def sheet_rows(self, setting, name):
        sheet = self.workbooks[(setting, name)]
        return [list(row) for row in sheet.iter_rows()]

    def test_the_files_say_what_was_submitted(self):
        for name, (kind, _, labels, _) in self.files.items():
            if kind != "responses":
                continue
            rows = self.parsed(name)
            header = rows[0]
            self.assertEqual(len(rows), 1 + len(RESPONSES), name)
            self.assertEqual(len(set(header)), len(header), f"{name}: repeated headers")
            for key, label in TEXT_COLUMNS.items():
                column = header.index(key if labels == "codes" else label)
                for row, answers in zip(rows[1:], RESPONSES):
                    self.assertEqual(row[column], neutralised(answers.get(key, "")), f"{name} {key}")
            column = header.index("departement" if labels == "codes" else "Département")
            self.assertEqual(column, DEPARTEMENT_COLUMN, name)
            self.assertEqual([row[column] for row in rows[1:]], [a["departement"] for a in RESPONSES], name)
            self.assertEqual(header[1], "submitted_at_paris" if labels == "codes" else "Date de soumission (heure de Paris)")
            for row, utc in zip(rows[1:], self.submitted_at):
                instant = datetime.datetime.fromisoformat(utc.replace("Z", "+00:00"))
                self.assertEqual(row[1], instant.astimezone(PARIS).strftime("%Y-%m-%d %H:%M:%S"), name)

    def test_every_cell_stays_whole_and_nothing_is_a_formula(self):
        for setting in IMPORT_SETTINGS:
            for name, (kind, dialect, _, _) in self.files.items():
                with self.subTest(setting=setting, file=name):
                    expected = self.parsed(name)
                    width = len(expected[0])
                    rows = self.sheet_rows(setting, name)
                    self.assertEqual(len(rows), len(expected))
                    for r, (cells, fields) in enumerate(zip(rows, expected)):
                        self.assertEqual(len(fields), width, f"row {r} of the CSV itself")
                        for cell in cells[width:]:
                            self.assertIsNone(cell.value, f"row {r}: a cell spilled past column {width}")
                        for c, (cell, field) in enumerate(zip(cells, fields)):
                            self.assertNotEqual(cell.data_type, "f", f"row {r} column {c} is a formula")
                            self.assert_cell(setting, kind, dialect, r, c, cell, field)

    def assert_cell(self, setting, kind, dialect, r, c, cell, field):
        where = f"row {r} column {c}: {field!r} read as {cell.value!r}"
        if field == "":
            self.assertIsNone(cell.value, where)
        elif r > 0 and kind == "responses" and c == 1:
            if setting == "documented":
                self.assertIsInstance(cell.value, datetime.datetime, where)
                self.assertEqual(cell.value, datetime.datetime.strptime(field, "%Y-%m-%d %H:%M:%S"), where)
            else:
                # As the dialog opens, Calc 7.4 reads "2026-12-01T05:03:09" as a date but not the
                # "2026-12-01 05:03:09" that Excel reads: the docs say to tick « Détecter les nombres spéciaux ».
                self.assertEqual(cell.value, field, where)
        elif r > 0 and c == DEPARTEMENT_COLUMN and setting == "documented":
            # Typed "Texte" (also the statistics' item column): "01" keeps its zero. As the dialog opens,
            # "01" is read as the number 1 (the rules below), which is why the docs say to type it.
            self.assertEqual(cell.value, field, where)
        elif r > 0 and ISO_DAY.match(field):
            # A day (the statistics' responses per day) is a date even as the dialog opens.
            self.assertEqual(cell.value, datetime.datetime.strptime(field, "%Y-%m-%d"), where)
        elif r > 0 and NUMBER.match(field) and dialect == "rfc4180" and "." in field:
            self.assertEqual(cell.value, field, where)  # a decimal point is no number to the French locale
        elif r > 0 and NUMBER.match(field):
            self.assertIsInstance(cell.value, (int, float), where)
            self.assertAlmostEqual(cell.value, float(field.replace(",", ".")), places=9, msg=where)
        else:
            self.assertEqual(cell.value, field, where)


if __name__ == "__main__":
    unittest.main(verbosity=2)
