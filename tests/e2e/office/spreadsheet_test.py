#!/usr/bin/env python3
"""Workbooks as pilots open them: responses.xlsx and responses.ods hold, cell by cell, what the CSV of the same
responses holds, typed (dates are dates, numbers are numbers, text is text and never a formula).

Readers, all real: openpyxl opens the XLSX (any warning fails the test), headless LibreOffice converts both
workbooks to CSV (one run, every sheet, "as shown" so the date formats are checked too), xmllint checks that
the ODS's content.xml is well-formed. The reference is the rfc4180 CSV downloaded at the same moment, read
by a small tokenizer that keeps whether a field was quoted: the writers quote typed text and leave our own
numbers and times bare, which is how the types are known.
"""
import datetime
import io
import json
import os
import re
import subprocess
import unittest
import urllib.error
import urllib.request
import warnings
import zipfile
import xml.etree.ElementTree as ElementTree

import openpyxl

BASE = os.environ["TNT_BASE_URL"]
TOKEN = os.environ["TNT_PILOT_TOKEN"]
GROUP_TOKEN = os.environ["TNT_GROUP_TOKEN"]  # scoped to inscription-bureautique, group GA
WORK = os.environ["TNT_WORK_DIR"]
SLUG = "bureautique"
REGISTRATION = "inscription-bureautique"

RESPONSES = [
    {
        "commune": "Évreux ; « centre », dit \"le haut\"",
        "departement": "01",
        "commentaire": "Deux lignes\r\n=SOMME(A1:A3) sur la seconde",
        "type_structure": "epci",
        "enjeux": ["services", "autre"],
        "enjeux.autre": "-5 % <b>gras</b> & plus",
        "budget": -12.75,
        "rencontre": "2021-12-08",
    },
    {
        "commune": "  espaces   multiples  ",
        "departement": "2A",
        "commentaire": "@pilote\n\n\ttabulé",
        "rencontre": "1999-01-31",
    },
    {"commune": "+33 6 12 34 56 78", "departement": "974", "type_structure": "commune", "budget": 1e6},
]
REGISTRATIONS = [("Alice", ["GA"]), ("Bruno", ["GB"]), ("Chloé", ["GA", "GB"])]

DATE_HEADERS = {"Date de la rencontre", "rencontre"}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
TIME = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$")
DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
# "Text - txt - csv (StarCalc)" export: ',' '"' UTF-8, …, save cell contents as shown, every sheet (-1).
LIBREOFFICE_CSV = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"


def request(method, path, body=None, token=TOKEN):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(BASE + path, data=data, method=method)
    req.add_header("Authorization", "Bearer " + token)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=120) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def fields_of(text, line_end="\r\n"):
    """A CSV (',' and '"') as rows of (value, quoted); rows end with `line_end`."""
    rows, row, i = [], [], 0
    while i < len(text):
        if text[i] == '"':
            value, i = "", i + 1
            while True:
                j = text.index('"', i)
                value += text[i:j]
                if text[j + 1:j + 2] == '"':
                    value, i = value + '"', j + 2
                else:
                    i = j + 1
                    break
            row.append((value, True))
        else:
            j = i
            while j < len(text) and text[j] != "," and not text.startswith(line_end, j):
                j += 1
            row.append((text[i:j], False))
            i = j
        if text.startswith(line_end, i):
            rows.append(row)
            row, i = [], i + len(line_end)
        elif text[i:i + 1] == ",":
            i += 1
    return rows


def unneutralised(text):
    """The text as typed, without the quote the CSV puts before lines that could start a formula."""
    lines = re.split(r"(\r\n|\n|\r)", text)
    return "".join(line[1:] if line[:1] == "'" and line[1:2] in FORMULA_START else line for line in lines)


def typed(value, quoted, header, measure=None):
    """What a workbook's cell must hold for a CSV field: None, datetime, date, float or str."""
    if value == "":
        return None
    if quoted:
        text = unneutralised(value).replace("\r\n", "\n").replace("\r", "\n")
        if DAY.match(text) and (header in DATE_HEADERS or measure == "jour"):
            return datetime.date.fromisoformat(text)
        return text
    if TIME.match(value):
        return datetime.datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
    return float(value)


def expected_sheet(csv_bytes, statistics=False):
    rows = fields_of(csv_bytes.decode("utf-8"))
    header = [value for value, _ in rows[0]]
    out = [header]
    for row in rows[1:]:
        measure = row[2][0] if statistics else None
        out.append([typed(v, q, header[c], measure) for c, (v, q) in enumerate(row)])
    return out


def shown(value):
    """A cell as LibreOffice writes it "as shown" with our formats."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M:%S")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return value


class Workbooks(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        for answers in RESPONSES:
            status, _, body = request("POST", f"/api/v1/forms/{SLUG}/responses", {"answers": answers})
            assert status == 201, body
        for name, groups in REGISTRATIONS:
            status, _, body = request("POST", f"/api/v1/forms/{REGISTRATION}/responses",
                                      {"answers": {"nom": name, "groupes": groups}})
            assert status == 201, body

        cls.downloads = {}  # name → (csv reference, workbook bytes, statistics csv)
        variants = {"texte": "labels=text&multiple=columns", "codes": "labels=codes&multiple=joined"}
        for variant, query in variants.items():
            for fmt in ("xlsx", "ods"):
                cls.fetch(f"{fmt}-{variant}", SLUG, fmt, query, TOKEN)
        cls.fetch("xlsx-groupe", REGISTRATION, "xlsx", "", GROUP_TOKEN)
        cls.fetch("ods-groupe", REGISTRATION, "ods", "", GROUP_TOKEN)

        directory = os.path.join(WORK, "classeurs")
        os.makedirs(directory)
        paths = []
        for name, (_, workbook, _, fmt) in cls.downloads.items():
            path = os.path.join(directory, f"{name}.{fmt}")
            with open(path, "wb") as out:
                out.write(workbook)
            paths.append(path)
        out_dir = os.path.join(WORK, "classeurs-csv")
        command = ["soffice", "--headless", "--norestore", "--nolockcheck",
                   "-env:UserInstallation=file://" + os.path.join(WORK, "lo-profile-classeurs"),
                   "--convert-to", LIBREOFFICE_CSV, "--outdir", out_dir] + paths
        run = subprocess.run(command, capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stdout + run.stderr
        cls.libreoffice = {}
        for name in cls.downloads:
            for sheet in ("Réponses", "Statistiques"):
                path = os.path.join(out_dir, f"{name}-{sheet}.csv")
                assert os.path.exists(path), f"{path} missing: {run.stdout} {run.stderr}"
                with open(path, "rb") as f:
                    # LibreOffice ends rows with "\n", like the line breaks inside cells.
                    cls.libreoffice[(name, sheet)] = [[v for v, _ in row] for row in fields_of(
                        f.read().decode("utf-8"), "\n")]

    @classmethod
    def fetch(cls, name, slug, fmt, query, token):
        status, headers, reference = request("GET", f"/api/v1/forms/{slug}/responses.csv?dialect=rfc4180&{query}",
                                             token=token)
        assert status == 200, reference
        status, headers, workbook = request("GET", f"/api/v1/forms/{slug}/responses.{fmt}?{query}", token=token)
        assert status == 200, workbook
        assert headers["Content-Disposition"].endswith(f'.{fmt}"'), headers
        status, _, statistics = request("GET", f"/api/v1/forms/{slug}/stats.csv?dialect=rfc4180", token=token)
        assert status == 200, statistics
        cls.downloads[name] = (reference, workbook, statistics, fmt)

    def expected(self, name):
        reference, _, statistics, _ = self.downloads[name]
        return {"Réponses": expected_sheet(reference), "Statistiques": expected_sheet(statistics, statistics=True)}

    def test_openpyxl_reads_the_xlsx_cell_by_cell_as_the_csv_says(self):
        for name, (_, workbook, _, fmt) in self.downloads.items():
            if fmt != "xlsx":
                continue
            with self.subTest(file=name), warnings.catch_warnings():
                warnings.simplefilter("error")  # openpyxl warns about anything it finds odd
                book = openpyxl.load_workbook(io.BytesIO(workbook))
                self.assertEqual(book.sheetnames, ["Réponses", "Statistiques"])
                for sheet_name, expected in self.expected(name).items():
                    sheet = book[sheet_name]
                    self.assertEqual(sheet.freeze_panes, "A2", sheet_name)
                    self.assertEqual(sheet.max_row, len(expected), sheet_name)
                    last = openpyxl.utils.get_column_letter(len(expected[0]))
                    self.assertEqual(sheet.auto_filter.ref, f"A1:{last}{len(expected)}", sheet_name)
                    for r, (cells, want) in enumerate(zip(sheet.iter_rows(), expected)):
                        self.assertEqual(len([c for c in cells if c.value is not None]),
                                         len([w for w in want if w is not None]), f"{sheet_name} row {r}")
                        for c, (cell, value) in enumerate(zip(cells, want)):
                            where = f"{sheet_name} row {r} column {c}: {value!r} read as {cell.value!r}"
                            self.assertNotEqual(cell.data_type, "f", where)
                            if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
                                self.assertEqual(cell.value, datetime.datetime.combine(value, datetime.time()), where)
                                self.assertTrue(cell.is_date, where)
                            elif isinstance(value, float):
                                self.assertIsInstance(cell.value, (int, float), where)
                                self.assertAlmostEqual(cell.value, value, places=9, msg=where)
                            else:
                                self.assertEqual(cell.value, value, where)

    def test_libreoffice_opens_both_formats_with_the_same_cells(self):
        for name in self.downloads:
            for sheet, expected in self.expected(name).items():
                with self.subTest(file=name, sheet=sheet):
                    rows = self.libreoffice[(name, sheet)]
                    self.assertEqual(len(rows), len(expected))
                    for r, (cells, want) in enumerate(zip(rows, expected)):
                        self.assertEqual(len(cells), len(want), f"row {r}")
                        for c, (cell, value) in enumerate(zip(cells, want)):
                            where = f"row {r} column {c}: {value!r} shown as {cell!r}"
                            if isinstance(value, float):
                                self.assertAlmostEqual(float(cell.replace(",", ".")), value, places=6, msg=where)
                            else:
                                self.assertEqual(cell, shown(value), where)

    def test_the_ods_is_a_well_formed_opendocument(self):
        for name, (_, workbook, _, fmt) in self.downloads.items():
            if fmt != "ods":
                continue
            with self.subTest(file=name):
                archive = zipfile.ZipFile(io.BytesIO(workbook))
                self.assertIsNone(archive.testzip())
                first = archive.infolist()[0]
                self.assertEqual((first.filename, first.compress_type, first.extra), ("mimetype", zipfile.ZIP_STORED, b""))
                self.assertEqual(archive.read("mimetype"), b"application/vnd.oasis.opendocument.spreadsheet")
                for part in ("content.xml", "styles.xml", "meta.xml", "settings.xml", "META-INF/manifest.xml"):
                    path = os.path.join(WORK, f"{name}-{part.replace('/', '-')}")
                    with open(path, "wb") as out:
                        out.write(archive.read(part))
                    run = subprocess.run(["xmllint", "--noout", path], capture_output=True, text=True)
                    self.assertEqual(run.returncode, 0, f"{part}: {run.stderr}")
                content = ElementTree.fromstring(archive.read("content.xml"))
                office = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
                types = {cell.get(office + "value-type") for cell in content.iter(
                    "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}table-cell")}
                self.assertTrue({"string", "float", "date"} <= types, types)

    def test_a_group_pilot_gets_only_their_group_in_every_format(self):
        for name in ("xlsx-groupe", "ods-groupe"):
            with self.subTest(file=name):
                rows = self.libreoffice[(name, "Réponses")]
                header = rows[0]
                self.assertEqual(sorted(row[header.index("Nom")] for row in rows[1:]), ["Alice", "Chloé"])
                flat = "\n".join(",".join(row) for row in rows)
                self.assertNotIn("Groupe B", flat)
                self.assertNotIn("GB", flat)
                statistics = "\n".join(",".join(row) for row in self.libreoffice[(name, "Statistiques")])
                self.assertNotIn("Groupe B", statistics)
        for fmt in ("xlsx", "ods"):
            status, _, body = request("GET", f"/api/v1/forms/{REGISTRATION}/responses.{fmt}?group=GB", token=GROUP_TOKEN)
            self.assertEqual(status, 403, body)
            self.assertEqual(json.loads(body)["error"], "forbidden")

    def test_bad_requests_say_what_is_accepted(self):
        status, _, body = request("GET", f"/api/v1/forms/{SLUG}/responses?format=pdf")
        self.assertEqual(status, 400, body)
        self.assertEqual(json.loads(body)["formats"], ["csv", "xlsx", "ods"])
        status, _, body = request("GET", f"/api/v1/forms/{SLUG}/responses?format=ods&from=2021-12-40")
        self.assertEqual(status, 422, body)
        self.assertIn("from", json.loads(body)["fields"])
        status, headers, body = request("GET", f"/api/v1/forms/{SLUG}/responses?format=ods")
        self.assertEqual(status, 200)
        self.assertEqual(headers["Content-Type"], "application/vnd.oasis.opendocument.spreadsheet")


if __name__ == "__main__":
    unittest.main(verbosity=2)
