#!/usr/bin/python3
"""Writes the Drupal Webform (framaforms) sample exports of the 2021 elected officials' survey, byte for byte
as Webform 7.x-4 writes them, for tests/e2e/importing (run it again after changing it; the files are committed).

Followed: webform.report.inc (webform_results_download_headers: row 1 the node's title, row 2 « Détails de la
soumission » over the submission columns, row 3 their names; each component's headers from
_webform_csv_headers_*), components/select.inc (_webform_csv_headers_select with select_format "separate": the
question's label in row 2 above its first option column, one column per option key in row 3 with an « X » per
chosen option, then the "other" text column headed by its label, « Autre... »; a single choice exports its
option key with select_keys), exporters/webform_exporter_delimited.inc (every field quoted, inner quotes
doubled, the chosen delimiter, "\\n" line ends, UTF-8) and exporters/webform_exporter_excel_delimited.inc (the
"Microsoft Excel" download: the same rows, tab-separated, converted to UTF-16LE after a FF FE byte order mark).
Times are the site's short format, « 17/10/2021 - 14:32 ».

Also two XLSX files: webform-sensibilisation-elus.xlsx, the ';' file opened and saved by LibreOffice headless
(soffice --convert-to xlsx, as a pilot would), and sphinx-satisfaction-agenda.xlsx, a satisfaction survey as
Sphinx exports it (openpyxl: one header row of question labels, real date cells, multiple choices one per line of
their cell, scores as numbers).
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
TITLE = "Les élus locaux et le numérique (2021)"
SUBMISSION = ["Numéro de série", "SID", "Heure de soumission", "Heure de complétion", "Heure de modification",
              "Brouillon", "Adresse IP", "UID", "Nom d'utilisateur"]

# (label, key, kind, options) in the form's order; kind: "one" a single value, "many" one column per option.
COMPONENTS = [
    ("Quelle importance accordez-vous au numérique dans l'action de votre collectivité ?", "one", None),
    ("Vous sentez-vous à l'aise pour prendre des décisions sur les sujets numériques ?", "one", None),
    ("Selon vous, que peut apporter le numérique à votre territoire ?", "many",
     ["services_usagers", "efficacite", "attractivite", "participation", "transition_ecologique", "risques",
      "Autre..."]),
    ("Avez-vous déjà suivi une formation ou une sensibilisation sur le numérique en tant qu'élu ?", "one", None),
    ("Lesquelles avez-vous suivies ?", "many",
     ["association_elus", "cnfpt_organisme", "webinaire_etat", "opsn", "mooc", "Autre..."]),
    ("Quels formats de sensibilisation préférez-vous ?", "many",
     ["webinaire_court", "presentiel", "fiche_pratique", "video", "temoignage", "formation_longue",
      "accompagnement"]),
    ("Quels thèmes numériques vous intéressent le plus ?", "many",
     ["cybersecurite", "donnees", "inclusion", "numerique_responsable", "urbanisme", "services_en_ligne",
      "souverainete", "intelligence_artificielle", "territoires_connectes", "mutualisation"]),
    ("Si vous deviez n'en retenir qu'un, quel thème serait votre priorité ?", "one", None),
    ("Quel mandat exercez-vous ?", "one", None),
    ("Avez-vous une délégation en lien avec le numérique ?", "one", None),
    ("Dans quel type de collectivité exercez-vous ce mandat ?", "one", None),
    ("Combien d'habitants compte cette collectivité ?", "one", None),
    ("Dans quel département se trouve votre collectivité ?", "one", None),
    ("Souhaitez-vous ajouter un commentaire ou une attente particulière ?", "one", None),
]

# Each submission: its own columns, then per component a value (one) or the chosen keys and other text (many).
SUBMISSIONS = [
    (["1", "101", "17/10/2021 - 14:32", "17/10/2021 - 14:32", "17/10/2021 - 14:32", "0", "192.0.2.10", "0", ""],
     ["4", "plutot_aise", (["services_usagers", "attractivite"], "Le lien entre les générations"), "oui",
      (["association_elus", "mooc"], ""), (["webinaire_court", "fiche_pratique"], None),
      (["cybersecurite", "inclusion"], None), "cybersecurite", "maire", "non", "commune", "de_500_a_1999", "15",
      "Très bien ; merci.\nUne deuxième ligne : « guillemets » et \"citation\"."]),
    # A draft: never imported, counted.
    (["2", "102", "18/10/2021 - 09:05", "", "18/10/2021 - 09:07", "1", "192.0.2.11", "0", ""],
     ["2", "", ([], ""), "", ([], ""), ([], None), ([], None), "", "", "", "", "", "", ""]),
    (["3", "103", "31/10/2021 - 02:30", "31/10/2021 - 02:31", "31/10/2021 - 02:31", "0", "192.0.2.12", "7",
      "marie.dupont"],
     ["5", "tres_aise", (["efficacite"], ""), "non", ([], ""), (["presentiel"], None),
      (["donnees", "souverainete", "mutualisation"], None), "donnees", "adjoint", "oui", "epci",
      "de_10000_a_49999", "2A", ""]),
    # Refused: the required "à l'aise" question left empty.
    (["4", "104", "08/12/2021 - 23:59", "08/12/2021 - 23:59", "08/12/2021 - 23:59", "0", "192.0.2.13", "0", ""],
     ["3", "", (["risques"], ""), "non", ([], ""), (["video"], None), (["urbanisme"], None), "urbanisme",
      "conseiller_municipal", "non", "commune", "moins_500", "974", ""]),
]


def rows():
    top, groups, names = [TITLE], ["Détails de la soumission"], list(SUBMISSION)
    top += [""] * (len(SUBMISSION) - 1)
    groups += [""] * (len(SUBMISSION) - 1)
    for label, kind, options in COMPONENTS:
        if kind == "one":
            top.append("")
            groups.append("")
            names.append(label)
        else:
            for i, option in enumerate(options):
                top.append("")
                groups.append(label if i == 0 else "")
                names.append(option)
    out = [top, groups, names]
    for own, values in SUBMISSIONS:
        row = list(own)
        for (label, kind, options), value in zip(COMPONENTS, values):
            if kind == "one":
                row.append(value)
                continue
            chosen, other = value
            for option in options:
                if option == "Autre...":
                    row.append(other or "")
                else:
                    row.append("X" if option in chosen else "")
        out.append(row)
    return out


def delimited(delimiter):
    return "".join(delimiter.join('"' + field.replace('"', '""') + '"' for field in row) + "\n" for row in rows())


def main():
    with open(os.path.join(HERE, "webform-sensibilisation-elus.tsv"), "w", encoding="utf-8", newline="") as f:
        f.write(delimited("\t"))
    with open(os.path.join(HERE, "webform-sensibilisation-elus.csv"), "w", encoding="utf-8", newline="") as f:
        f.write(delimited(";"))
    with open(os.path.join(HERE, "webform-sensibilisation-elus.xls"), "wb") as f:
        f.write(b"\xff\xfe" + delimited("\t").encode("utf-16-le"))


def xlsx():
    import datetime
    import shutil
    import subprocess
    import tempfile
    import openpyxl
    with tempfile.TemporaryDirectory() as work:
        subprocess.run(["soffice", "--headless", "-env:UserInstallation=file://" + work + "/profile",
                        "--infilter=CSV:59,34,76,1", "--convert-to", "xlsx", "--outdir", work,
                        os.path.join(HERE, "webform-sensibilisation-elus.csv")], check=True, capture_output=True)
        shutil.copy(os.path.join(work, "webform-sensibilisation-elus.xlsx"), HERE)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Réponses"
    sheet.append(["Date de réponse", "Vous êtes…", "À quelle fréquence consultez-vous l'agenda ?",
                  "Dans l'ensemble, êtes-vous satisfait de l'agenda ?", "L'agenda vous est-il utile dans votre travail ?",
                  "Trouvez-vous facilement l'information que vous cherchez ?",
                  "L'agenda couvre-t-il tous les chantiers qui concernent votre collectivité ?",
                  "Quelle est la probabilité que vous recommandiez l'agenda à un collègue ?",
                  "Quelles parties de l'agenda utilisez-vous ?"])
    sheet.append([datetime.datetime(2025, 3, 14, 9, 30), "Élu", "Chaque mois", 4, 5, 3, 4, 9,
                  "Le calendrier des échéances réglementaires\nLes ressources (guides, modèles, outils)"])
    sheet.append([datetime.datetime(2025, 3, 15, 17, 5, 30), "Agent d'une collectivité", "Chaque semaine", 5, 5, 4, 3,
                  10, "La liste des chantiers et leurs fiches"])
    sheet.append([datetime.datetime(2025, 3, 16, 8, 0), "Agent de l'État", "C'est la première fois", 2, 3, 2, 2, 11,
                  ""])
    for row in sheet.iter_rows(min_row=2, max_col=1):
        row[0].number_format = "dd/mm/yyyy hh:mm:ss"
    book.save(os.path.join(HERE, "sphinx-satisfaction-agenda.xlsx"))


if __name__ == "__main__":
    main()
    xlsx()
