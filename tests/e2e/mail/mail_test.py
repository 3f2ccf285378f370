#!/usr/bin/python3
"""E-mail end to end: the real tnt-forms binary, the real MariaDB, a real SMTP server (deploy/smtp-sink.py,
on Debian's python3-aiosmtpd) whose mailbox is read back with Python's MIME parser and the .ics files with
python3-icalendar.

  1. a registration sends exactly one confirmation: MIME parses, subject and names decoded, HTML escaped,
     the calendar's meetings at the right Paris times, the link withdraws the registration;
  2. a survey copy goes only when its consent is ticked, with the answers as labels;
  3. an address with a non-ASCII domain is refused at submission with a field error;
  4. a relay that refuses a recipient (5xx) fails that message only; one that answers 4xx is tried again;
  5. faults: the relay stopped under submissions, the service killed -9 once, then both back: every message
     arrives, duplicates only with the same Message-ID (counts printed);
  6. two instances on one database deliver each message once;
  7. a pilot's token with --notify gets a digest of the new registrations in its scope: counts only;
  9. answers saved for later on a step-by-step form: the resume link goes to the address the form knows, and
     to another one asked for on the page; the e-mailed link resumes the answers, then sends them.
 10. invitations: `tnt-forms invite` (bad rows to the reject file, a second load adds nobody), three personal
     links by e-mail; one answers in steps with a save and a resume from the e-mailed link, one starts, one
     ignores; `tnt-forms remind` mails exactly the two others, unsubscribing is honoured at once; the
     participation view counts them; nothing joins the response to its invitation (schema and rows).

Run by run.sh (which checks the TNT_FORMS_TEST_* variables); prints the counts it checks.
"""
import concurrent.futures
import csv
import email
import email.policy
import glob
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime
from zoneinfo import ZoneInfo

import icalendar

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.environ["TNT_FORMS_TEST_SOURCE_DIR"]
BINARY = os.environ["TNT_FORMS_TEST_BINARY"]
WORK = os.environ["TNT_WORK_DIR"]
PARIS = ZoneInfo("Europe/Paris")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def mysql(sql, database=None):
    args = ["mariadb", "--socket=" + os.environ["TNT_FORMS_TEST_DB_SOCKET"], "-u", os.environ["TNT_FORMS_TEST_DB_USER"]]
    if os.environ.get("TNT_FORMS_TEST_DB_PASSWORD"):
        args.append("-p" + os.environ["TNT_FORMS_TEST_DB_PASSWORD"])
    args += ["-N", "-B", "-e", sql] + ([database] if database else [])
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout.strip()


class Sink:
    """deploy/smtp-sink.py on a loopback port, writing to a Maildir."""

    def __init__(self, name, *extra):
        self.port = free_port()
        self.maildir = os.path.join(WORK, name)
        self.extra = extra
        self.process = None
        self.start()

    def start(self):
        log = open(self.maildir + ".log", "ab")
        self.process = subprocess.Popen(
            ["/usr/bin/python3", os.path.join(ROOT, "deploy", "smtp-sink.py"), "--listen", f"127.0.0.1:{self.port}",
             "--maildir", self.maildir, *self.extra], stdout=log, stderr=subprocess.STDOUT)
        deadline = time.time() + 20
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.1)
        raise AssertionError("the SMTP sink did not start")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def messages(self):
        out = []
        for path in sorted(glob.glob(os.path.join(self.maildir, "new", "*")) +
                           glob.glob(os.path.join(self.maildir, "cur", "*"))):
            with open(path, "rb") as f:
                out.append(email.message_from_bytes(f.read(), policy=email.policy.default))
        return out

    def wait_for(self, count, timeout=60, what=lambda m: True):
        deadline = time.time() + timeout
        while time.time() < deadline:
            found = [m for m in self.messages() if what(m)]
            if len(found) >= count:
                return found
            time.sleep(0.2)
        found = [m for m in self.messages() if what(m)]
        raise AssertionError(f"{len(found)} message(s) arrived, {count} expected within {timeout} s")


class Service:
    """The tnt-forms binary on a free port, against `database`."""

    def __init__(self, database, sink_port, name):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = os.path.join(WORK, name + ".log")
        self.args = [BINARY, "serve", "--listen", f"127.0.0.1:{self.port}", "--forms", os.path.join(HERE, "forms"),
                     "--schema", os.path.join(ROOT, "schema"), "--rate-limit", "0",
                     "--secret-key-file", os.path.join(WORK, "secret.key"), "--public-url", self.url,
                     "--smtp-host", "127.0.0.1", "--smtp-port", str(sink_port), "--smtp-timeout", "5",
                     "--mail-from", "formulaires@tnt-forms.test", "--mail-from-name", "Programme TNT « test »",
                     "--mail-templates", os.path.join(ROOT, "forms", "mail"), "--mail-retry", "1",
                     "--mail-senders", "2", "--mail-digest-interval", "4"]
        self.env = dict(os.environ, TNT_FORMS_DB_SOCKET=os.environ["TNT_FORMS_TEST_DB_SOCKET"],
                        TNT_FORMS_DB_USER=os.environ["TNT_FORMS_TEST_DB_USER"],
                        TNT_FORMS_DB_PASSWORD=os.environ.get("TNT_FORMS_TEST_DB_PASSWORD", ""),
                        TNT_FORMS_DB_NAME=database)
        self.process = None
        self.start()

    def start(self):
        log = open(self.log, "ab")
        self.process = subprocess.Popen(self.args, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                urllib.request.urlopen(self.url + "/healthz", timeout=1).read()
                return
            except OSError:
                if self.process.poll() is not None:
                    raise AssertionError("the service exited:\n" + open(self.log).read()[-3000:])
                time.sleep(0.1)
        raise AssertionError("the service is not healthy:\n" + open(self.log).read()[-3000:])

    def kill9(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)

    def submit(self, slug, answers):
        request = urllib.request.Request(self.url + f"/api/v1/forms/{slug}/responses",
                                         data=json.dumps({"answers": answers}).encode(),
                                         headers={"Content-Type": "application/json"}, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=30) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read() or b"{}")

    def get(self, path, data=None):
        request = urllib.request.Request(self.url + path, data=data, method="POST" if data is not None else "GET")
        try:
            with urllib.request.urlopen(request, timeout=30) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()

    def metric(self, name):
        _, text = self.get("/metrics")
        match = re.search(r"^" + re.escape(name) + r"(?:\{[^}]*\})? ([0-9.e+-]+)$", text, re.M)
        return float(match.group(1)) if match else None


def part(message, content_type):
    for p in message.walk():
        if p.get_content_type() == content_type and not p.is_multipart():
            return p
    raise AssertionError(f"no {content_type} part in the message")


def registration(n, groups=("GPA",)):
    return {"prenom": f"Agent{n}", "email": f"agent{n}@commune-exemple.fr", "groupes": list(groups)}


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def test_confirmation(service, sink):
    status, body = service.submit("inscription-test", {"prenom": "Zoé <b>", "email": "zoe@commune-exemple.fr",
                                                       "groupes": ["GPA", "GPB"]})
    check(status == 201, f"registration answered {status} {body}")
    [message] = sink.wait_for(1, what=lambda m: m["To"] == "zoe@commune-exemple.fr")
    time.sleep(1.5)  # a second copy would be there by now
    check(len([m for m in sink.messages() if m["To"] == "zoe@commune-exemple.fr"]) == 1, "more than one confirmation")
    check(str(message["Subject"]) == "Votre inscription aux groupes projets · GPA · GPB", f"subject {message['Subject']!r}")
    check(message["From"].addresses[0].display_name == "Programme TNT « test »", f"from {message['From']!r}")
    check(message["From"].addresses[0].addr_spec == "formulaires@tnt-forms.test", "from address")
    check(re.fullmatch(r"<[^<>@\s]+@tnt-forms\.test>", message["Message-ID"]), f"message id {message['Message-ID']}")
    check(message.get_content_type() == "multipart/mixed", message.get_content_type())
    text = part(message, "text/plain").get_content().replace("\r\n", "\n")
    html = part(message, "text/html").get_content()
    check("Bonjour Zoé <b>," in text, "the text part greets the respondent as written")
    check("Bonjour Zoé &lt;b&gt;," in html and "<b>," not in html, "the HTML part escapes the first name")
    check("Agenda &lt;partagé&gt; &amp; « ressources »" in html, "the HTML part escapes the group name")
    check("GPA — Agenda <partagé> & « ressources »" in text and "GPB — Cybersécurité" in text, "groups in the text")
    check("Une réunion passée" not in text, "a past meeting is not announced")
    check("le 14 janvier 2031 à 10 h 00 (120 min), ANCT, 20 avenue de Ségur, 75007 Paris\n" in text,
          "the winter meeting in Paris time, at its place: " + text)
    check("le 10 juin 2031 à 14 h 30 (90 min), en visioconférence : https://webinaire.example.test/gpa\n" in text,
          "the summer meeting by video, nothing empty written")

    calendar_part = part(message, "text/calendar")
    check(calendar_part.get_param("method") == "PUBLISH", "text/calendar; method=PUBLISH")
    check(calendar_part.get_filename() == "reunions.ics", "the attachment's name")
    calendar = icalendar.Calendar.from_ical(calendar_part.get_payload(decode=True))
    events = sorted(calendar.walk("VEVENT"), key=lambda e: e.decoded("DTSTART"))
    check(len(events) == 2, f"{len(events)} events, 2 expected (the past one left out)")
    winter, summer = events
    start, end = winter.decoded("DTSTART"), winter.decoded("DTEND")
    check(start.astimezone(PARIS) == datetime(2031, 1, 14, 10, 0, tzinfo=PARIS), f"winter start {start}")
    check((end - start).total_seconds() == 7200, "the winter meeting lasts two hours")
    check(start.utcoffset().total_seconds() == 3600, f"winter start offset {start.utcoffset()}")
    start = summer.decoded("DTSTART")
    check(start.astimezone(PARIS) == datetime(2031, 6, 10, 14, 30, tzinfo=PARIS), f"summer start {start}")
    check(start.utcoffset().total_seconds() == 7200, f"summer start offset {start.utcoffset()}")
    check(str(summer.get("LOCATION")) == "https://webinaire.example.test/gpa", "the video link as location")
    check(str(winter.get("UID")) == "GPA-20310114T090000Z@tnt-forms", f"uid {winter.get('UID')}")
    check(len(calendar.walk("VTIMEZONE")) == 1, "one VTIMEZONE")

    # The link withdraws the registration: the confirmation page, then the deletion; the places are free again.
    check(re.search(r"/f/inscription-test/modifier/[0-9a-f]+\n", text), "the link that corrects the answers")
    link = re.search(r"(http://127\.0\.0\.1:\d+/f/inscription-test/supprimer/[0-9a-f]+)", text).group(1)
    path = link[len(service.url):]
    check(service.get(path)[0] == 200, "the withdrawal page opens")
    check(mysql("SELECT COUNT(*) FROM registrations", service.env["TNT_FORMS_DB_NAME"]) == "2", "two registrations")
    status, page = service.get(path, data=b"")
    check(status == 200, f"withdrawal answered {status}")
    check(mysql("SELECT COUNT(*) FROM registrations", service.env["TNT_FORMS_DB_NAME"]) == "0",
          "the registrations are withdrawn")
    check(mysql("SELECT COUNT(*) FROM outbox", service.env["TNT_FORMS_DB_NAME"]) == "0",
          "the withdrawn response's outbox row went with it")
    status, _ = service.submit("inscription-test", {"prenom": "Zoé", "email": "zoe@commune-exemple.fr",
                                                    "groupes": ["GPA"]})
    check(status == 201, "after withdrawing, the same address may register again")
    sink.wait_for(2, what=lambda m: m["To"] == "zoe@commune-exemple.fr")
    print("ok 1 confirmation: one message, MIME and .ics parsed, Paris times right, the link withdraws")


def test_waitlist_offer(service, sink):
    """Withdraw → the next person's offer arrives → its link registers them → their confirmation arrives."""
    db = service.env["TNT_FORMS_DB_NAME"]
    status, first = service.submit("inscription-test", {"prenom": "Anne", "email": "anne@commune-exemple.fr",
                                                        "groupes": ["GPC"]})
    check(status == 201 and first["registrations"] == [{"group": "GPC", "state": "registered"}], f"{status} {first}")
    status, second = service.submit("inscription-test", {"prenom": "Basile", "email": "basile@commune-exemple.fr",
                                                         "groupes": ["GPC"]})
    check(status == 201, f"a full group with a waitlist answers 201, not {status} {second}")
    check(second["registrations"] == [{"group": "GPC", "state": "waitlisted", "position": 1}], f"{second}")
    [waiting] = sink.wait_for(1, what=lambda m: m["To"] == "basile@commune-exemple.fr")
    text = part(waiting, "text/plain").get_content().replace("\r\n", "\n")
    check("vous êtes 1re sur sa liste d'attente" in text, "the confirmation says the place in line: " + text)
    check(waiting.get_content_type() != "multipart/mixed" or not any(
        p.get_content_type() == "text/calendar" for p in waiting.walk()), "no calendar for a group only waited for")

    # Anne leaves the group only (her receipt's secret); her response stays, Basile is offered the place.
    receipt = first["receipt_url"].rsplit("/", 1)[1]
    request = urllib.request.Request(
        service.url + f"/api/v1/forms/inscription-test/receipts/{receipt}/groups/GPC/withdraw", data=b"",
        method="POST")
    with urllib.request.urlopen(request, timeout=30) as r:
        answer = json.loads(r.read())
    check(answer == {"group": "GPC", "state": "withdrawn", "changed": True}, f"withdraw: {answer}")
    check(mysql(f"SELECT COUNT(*) FROM responses WHERE public_id = '{first['id']}'", db) == "1", "her response stays")
    [offer] = sink.wait_for(1, what=lambda m: m["To"] == "basile@commune-exemple.fr" and "place se libère" in
                            str(m["Subject"]))
    check(str(offer["Subject"]).startswith("Une place se libère dans le groupe GPC : répondez avant le "),
          f"subject {offer['Subject']}")
    offer_text = part(offer, "text/plain").get_content()
    link = re.search(r"(http://127\.0\.0\.1:\d+/offres/[0-9a-f]+)", offer_text).group(1)
    path = link[len(service.url):]
    status, page = service.get(path)
    check(status == 200 and "Accepter la place" in page and "Refuser la place" in page, f"the offer page: {status}")
    check(mysql(f"SELECT state FROM registrations g JOIN responses r ON r.id = g.response_id "
                f"WHERE r.public_id = '{second['id']}'", db) == "offered", "a GET changes nothing")
    forged = path[:-1] + ("0" if path[-1] != "0" else "1")
    check(service.get(forged)[0] == 403, "an altered link is refused")
    check(service.get(forged + "/accepter", data=b"")[0] == 403, "an altered link accepts nothing")
    status, page = service.get(path + "/accepter", data=b"")
    check(status == 200 and "Votre place est confirmée" in page, f"accept answered {status}")
    check(service.get(path + "/accepter", data=b"")[0] == 410, "a used link says so (410)")
    check(mysql(f"SELECT state FROM registrations g JOIN responses r ON r.id = g.response_id "
                f"WHERE r.public_id = '{second['id']}'", db) == "registered", "Basile is registered")
    [confirmed] = sink.wait_for(1, what=lambda m: m["To"] == "basile@commune-exemple.fr" and "confirmée" in
                                str(m["Subject"]))
    check(str(confirmed["Subject"]) == "Votre place dans le groupe GPC est confirmée", f"{confirmed['Subject']}")
    check(mysql("SELECT CONCAT(registered, '/', waitlisted) FROM project_groups WHERE code = 'GPC'", db) == "1/0",
          "one place held, nobody waiting")
    print("ok 8 waitlist: withdraw → the offer arrives → its link registers → the confirmation arrives")


def test_copy(service, sink):
    status, _ = service.submit("copie-test", {"avis": "bon", "email": "sans-copie@commune-exemple.fr"})
    check(status == 201, f"copy-less survey answered {status}")
    status, _ = service.submit("copie-test", {"avis": "autre", "avis.autre": "Très bien, 5/5 & plus",
                                              "commentaire": "Ligne 1\nLigne 2", "email": "copie@commune-exemple.fr",
                                              "copie": True})
    check(status == 201, f"survey with copy answered {status}")
    [message] = sink.wait_for(1, what=lambda m: m["To"] == "copie@commune-exemple.fr")
    check(str(message["Subject"]) == "Copie de votre réponse : Enquête de test avec copie", str(message["Subject"]))
    check(not message.iter_attachments() or not list(message.iter_attachments()), "no attachment in a copy")
    text = part(message, "text/plain").get_content().replace("\r\n", "\n")
    check("Bonjour,\n" in text, "no first name, no space before the comma")
    check("Votre avis\n  Un autre avis : Très bien, 5/5 & plus" in text, "the answer as its label and text: " + text)
    check("Ligne 1\nLigne 2" in text, "a long text keeps its lines")
    check("/f/copie-test/supprimer/" in text, "the deletion link")
    modify = re.search(r"http://127\.0\.0\.1:\d+(/f/copie-test/modifier/[0-9a-f]+)", text)
    check(modify is not None, "the link that changes the answers")
    status, page = service.get(modify.group(1))
    check(status == 200 and "Enregistrer les modifications" in page, f"the change page opens: {status}")
    html = part(message, "text/html").get_content()
    check("Très bien, 5/5 &amp; plus" in html, "the HTML copy escapes the answer")
    time.sleep(1.5)
    check(not [m for m in sink.messages() if m["To"] == "sans-copie@commune-exemple.fr"],
          "no copy without the consent")
    print("ok 2 copy: only with the consent, answers as labels, escaped in HTML")


def hidden(page, name):
    match = re.search(r'name="' + re.escape(name) + r'"[^>]*value="([^"]*)"', page)
    return match.group(1) if match else ""


def post_form(service, path, fields):
    """Posts urlencoded fields like a browser; urllib follows the 303. The final URL and page."""
    request = urllib.request.Request(service.url + path, data=urllib.parse.urlencode(fields).encode(),
                                     headers={"Content-Type": "application/x-www-form-urlencoded"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, r.geturl(), r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, path, e.read().decode()


def test_resume_link(service, sink):
    status, page = service.get("/f/etapes-test")
    check(status == 200 and "Étape 1 sur 2" in page, "the form shows its first step")
    fields = {"_csrf": hidden(page, "_csrf"), "_jeton": hidden(page, "_jeton"), "_etape": hidden(page, "_etape"),
              "email": "reprise@commune-exemple.fr", "role": "Secrétaire de mairie", "_action": "enregistrer"}
    status, url, saved = post_form(service, "/f/etapes-test", fields)
    check(status == 200 and url.endswith("/enregistre?envoye=1"), f"saved: {status} {url}")
    check("Lien envoyé par courriel" in saved, "the page says the link was sent")
    secret = re.search(r"/reprendre/([0-9a-f]{48})/enregistre", url).group(1)
    [message] = sink.wait_for(1, what=lambda m: m["To"] == "reprise@commune-exemple.fr")
    check(str(message["Subject"]) == "Vos réponses en cours : « Enquête en deux étapes »", f"subject {message['Subject']}")
    text = part(message, "text/plain").get_content().replace("\r\n", "\n")
    link = re.search(r"(http://127\.0\.0\.1:\d+/f/etapes-test/reprendre/[0-9a-f]{48})\n", text).group(1)
    check(link.endswith(secret), "the e-mailed link is the draft's")
    # Without retention_days a draft is kept a year, here before the form closes (2035).
    year = datetime.now(PARIS).year + 1
    check(re.search(r"jusqu'au \d{1,2}(er)? \w+ (" + str(year - 1) + "|" + str(year) + r") à \d{1,2} h \d{2}\.", text),
          "a year: " + text)
    check(link in part(message, "text/html").get_content(), "the HTML part has the link too")
    database = service.env["TNT_FORMS_DB_NAME"]
    check(mysql(f"SELECT COUNT(*) FROM drafts WHERE secret_hash = SHA2('{secret}', 256)", database) == "1",
          "the draft is stored under its secret's hash")
    check(mysql(f"SELECT COUNT(*) FROM outbox WHERE payload LIKE '%{secret}%'", database) == "0",
          "the sent message's payload (with the link) is forgotten")

    # Another address, asked for on the page.
    status, url, _ = post_form(service, url[len(service.url):].split("?")[0][:-len("/enregistre")] + "/courriel",
                               {"_csrf": hidden(saved, "_csrf"), "courriel": "Autre@Commune-Exemple.fr"})
    check(status == 200 and url.endswith("?envoye=1"), f"sent to another address: {status} {url}")
    sink.wait_for(1, what=lambda m: m["To"] == "Autre@commune-exemple.fr")
    status, _, bad = post_form(service, f"/f/etapes-test/reprendre/{secret}/courriel",
                               {"_csrf": hidden(saved, "_csrf"), "courriel": "pas une adresse"})
    check(status == 422 and "Saisissez une adresse électronique valide" in bad, f"a bad address: {status}")

    # The e-mailed link resumes at step 1 with the answers, and the answers are sent from there.
    status, step1 = service.get(link[len(service.url):])
    check(status == 200 and 'value="Secrétaire de mairie"' in step1, "the link resumes the answers")
    status, url, step2 = post_form(service, "/f/etapes-test", {
        "_csrf": hidden(step1, "_csrf"), "_jeton": hidden(step1, "_jeton"), "_etape": "0", "_brouillon": secret,
        "email": "reprise@commune-exemple.fr", "role": "Secrétaire de mairie", "_action": "suivant"})
    check(status == 200 and "Étape 2 sur 2" in step2, f"step 2: {status} {url}")
    status, url, _ = post_form(service, "/f/etapes-test", {
        "_csrf": hidden(step2, "_csrf"), "_jeton": hidden(step2, "_jeton"), "_etape": "1", "_brouillon": secret,
        "avis": "Utile", "_action": "envoyer"})
    check(status == 200 and "/f/etapes-test/merci/" in url, f"sent: {status} {url}")
    check(mysql(f"SELECT COUNT(*) FROM drafts WHERE secret_hash = SHA2('{secret}', 256)", database) == "0",
          "the draft goes once its answers are sent")
    status, _ = service.get(link[len(service.url):])
    check(status == 410, f"the e-mailed link of answers sent: {status}")
    print("ok 9 resume link: e-mailed to the known address and to another, resumes the answers, gone once sent")


def invite_command(service, *args):
    return subprocess.run([BINARY, *args, "--forms", os.path.join(HERE, "forms"),
                           "--mail-from", "formulaires@tnt-forms.test"],
                          env=service.env, capture_output=True, text=True)


def test_invitations(service, sink):
    database = service.env["TNT_FORMS_DB_NAME"]
    invitations = os.path.join(WORK, "elus.csv")
    with open(invitations, "w", encoding="utf-8") as f:
        f.write("email;code_insee;mandat\n"
                "maire.a@commune-a.fr;01001;Maire\n"            # L'Abergement-Clémenciat (01)
                "adjoint.b@commune-b.fr;2A004;adjoint\n"        # Ajaccio (2A)
                "conseil.c@commune-c.fr;97101;Conseiller municipal\n"  # Les Abymes (971)
                "faux.insee@commune-d.fr;99999;Maire\n"
                "MAIRE.A@commune-a.fr;01001;Maire\n"
                "pas une adresse;01001;Maire\n"
                "senateur@commune-e.fr;01001;Sénateur\n")
    result = invite_command(service, "invite", "invitation-test", invitations,
                            "--communes", os.path.join(ROOT, "forms", "communes.csv"))
    check(result.returncode == 0, f"invite: {result.stdout}{result.stderr}")
    check("invitées (courriel en file d'envoi) : 3" in result.stdout and "rejetées : 4" in result.stdout,
          "three invited, four rejected: " + result.stdout)
    with open(os.path.join(WORK, "elus.rejets.csv"), encoding="utf-8-sig", newline="") as f:
        rejects = list(csv.reader(f, delimiter=";"))
    check(len(rejects) == 5 and rejects[0][-1] == "motif du rejet", f"the reject file: {rejects}")
    reasons = [r[-1] for r in rejects[1:]]
    check(reasons[0].startswith("ligne 5 : code INSEE inconnu") and "adresse en double" in reasons[1] and
          "adresse électronique invalide" in reasons[2] and "mandat inconnu" in reasons[3],
          f"each rejected row says its line and reason: {reasons}")
    again = invite_command(service, "invite", "invitation-test", invitations,
                           "--communes", os.path.join(ROOT, "forms", "communes.csv"))
    check("invitées (courriel en file d'envoi) : 0" in again.stdout and "déjà invitées, laissées telles quelles : 3"
          in again.stdout, "a second load invites nobody: " + again.stdout)

    mails = sink.wait_for(3, what=lambda m: str(m["Subject"]) == "Votre avis compte : « Enquête sur invitation »")
    time.sleep(1)
    check(len([m for m in sink.messages() if str(m["Subject"]).startswith("Votre avis compte")]) == 3,
          "one invitation per person, after two loads")
    links = {}
    for m in mails:
        text = part(m, "text/plain").get_content().replace("\r\n", "\n")
        link = re.search(r"(http://127\.0\.0\.1:\d+/f/invitation-test/invitation/[0-9a-f]{48})\n", text).group(1)
        unsubscribe = re.search(r"(http://127\.0\.0\.1:\d+/f/invitation-test/desinscription/[0-9a-f]{48})\n",
                                text).group(1)
        check(m["List-Unsubscribe"] == f"<{unsubscribe}>", f"List-Unsubscribe: {m['List-Unsubscribe']}")
        check(m["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click", "one-click unsubscribe (RFC 8058)")
        links[m["To"].lower()] = (link[len(service.url):], unsubscribe[len(service.url):])
    check(mysql("SELECT COUNT(*) FROM outbox WHERE kind = 'invitation' AND payload IS NOT NULL", database) == "0",
          "the sent invitations' payloads are forgotten")
    a_link, _ = links["maire.a@commune-a.fr"]
    b_link, _ = links["adjoint.b@commune-b.fr"]
    c_link, c_unsubscribe = links["conseil.c@commune-c.fr"]

    # An altered link is refused before anything is looked up.
    status, _ = service.get(a_link[:-1] + ("0" if a_link[-1] != "0" else "1"))
    check(status == 403, f"an altered invitation link: {status}")

    # A: step 1, then step 2 saved for later; the e-mailed link resumes there, with the invitation filled in.
    status, page = service.get(a_link)
    check(status == 200 and "Étape 1 sur 3" in page and hidden(page, "_invitation"), f"A's link: {status}")
    status, url, step2 = post_form(service, "/f/invitation-test", {
        "_csrf": hidden(page, "_csrf"), "_jeton": hidden(page, "_jeton"), "_etape": "0",
        "_invitation": hidden(page, "_invitation"), "avis": "oui", "_action": "suivant"})
    check(status == 200 and "Étape 2 sur 3" in step2, f"A's step 2: {status} {url}")
    draft = re.search(r"/reprendre/([0-9a-f]{48})", url).group(1)
    status, url, _ = post_form(service, "/f/invitation-test", {
        "_csrf": hidden(step2, "_csrf"), "_jeton": hidden(step2, "_jeton"), "_etape": "1", "_brouillon": draft,
        "attentes": "Des formations courtes", "_action": "enregistrer"})
    check(status == 200 and url.endswith("/enregistre"), f"A saved: {status} {url}")
    status, resumed = service.get(a_link)  # urllib follows the 303 to the draft
    check(status == 200 and "Étape 2 sur 3" in resumed and "Des formations courtes" in resumed,
          "the e-mailed link resumes A's answers at step 2")
    status, url, step3 = post_form(service, "/f/invitation-test", {
        "_csrf": hidden(resumed, "_csrf"), "_jeton": hidden(resumed, "_jeton"), "_etape": "1", "_brouillon": draft,
        "attentes": "Des formations courtes", "_action": "suivant"})
    check(status == 200 and "Étape 3 sur 3" in step3, f"A's step 3: {status}")
    check('value="L\'Abergement-Clémenciat"' in step3 or "value=\"L&#39;Abergement-Clémenciat\"" in step3,
          "the commune is filled in")
    check(re.search(r'value="maire"[^>]*checked', step3) and re.search(r'value="01"[^>]*selected', step3),
          "the mandate and the département are filled in")
    status, url, receipt = post_form(service, "/f/invitation-test", {
        "_csrf": hidden(step3, "_csrf"), "_jeton": hidden(step3, "_jeton"), "_etape": "2", "_brouillon": draft,
        "mandat": "maire", "departement": "01", "commune": "L'Abergement-Clémenciat", "_action": "envoyer"})
    check(status == 200 and "/f/invitation-test/merci/" in url, f"A sent: {status} {url}")
    status, page = service.get(a_link)
    check(status == 200 and "Vous avez déjà répondu" in page, "A's link after answering")

    # B starts and stops; C ignores.
    status, page = service.get(b_link)
    status, url, _ = post_form(service, "/f/invitation-test", {
        "_csrf": hidden(page, "_csrf"), "_jeton": hidden(page, "_jeton"), "_etape": "0",
        "_invitation": hidden(page, "_invitation"), "avis": "non", "_action": "enregistrer"})
    check(status == 200 and url.endswith("/enregistre"), f"B saved: {status} {url}")
    states = mysql("SELECT email, state FROM invitations ORDER BY email", database)
    check(states.split("\n") == ["adjoint.b@commune-b.fr\tstarted", "conseil.c@commune-c.fr\tinvited",
                                 "maire.a@commune-a.fr\tanswered"], "states: " + states)

    # The reminders: exactly B and C, once; then C unsubscribes and only B is reminded again.
    remind = invite_command(service, "remind", "invitation-test")
    check(remind.returncode == 0 and "2 relance(s)" in remind.stdout, "remind: " + remind.stdout + remind.stderr)
    reminders = sink.wait_for(2, what=lambda m: str(m["Subject"]).startswith("Rappel"))
    check(sorted(m["To"].lower() for m in reminders) == ["adjoint.b@commune-b.fr", "conseil.c@commune-c.fr"],
          "reminders to the two who did not answer")
    remind = invite_command(service, "remind", "invitation-test")
    check("0 relance(s)" in remind.stdout, "none again within 7 days: " + remind.stdout)
    status, page = service.get(c_unsubscribe)
    check(status == 200 and "Ne plus recevoir de relance" in page, "the unsubscribe page asks for a click")
    status, _ = service.get(c_unsubscribe, data=b"List-Unsubscribe=One-Click")
    check(status == 200 and mysql("SELECT unsubscribed FROM invitations WHERE email = 'conseil.c@commune-c.fr'",
                                  database) == "1", f"one-click unsubscribe: {status}")
    remind = invite_command(service, "remind", "invitation-test", "--days", "0")
    check("1 relance(s)" in remind.stdout, "only B after C unsubscribed: " + remind.stdout)
    sink.wait_for(3, what=lambda m: str(m["Subject"]).startswith("Rappel"))
    remind = invite_command(service, "remind", "invitation-test", "--days", "0")
    check("0 relance(s)" in remind.stdout, "at most 2 reminders each: " + remind.stdout)
    time.sleep(1)
    to = sorted(m["To"].lower() for m in sink.messages() if str(m["Subject"]).startswith("Rappel"))
    check(to == ["adjoint.b@commune-b.fr", "adjoint.b@commune-b.fr", "conseil.c@commune-c.fr"], f"reminders: {to}")

    # The pilots' view: 3 invited, 2 started, 1 answered.
    created = subprocess.run([BINARY, "token", "create", "--name", "pilotes enquête", "--scope",
                              "form:invitation-test"], env=service.env, capture_output=True, text=True)
    token = created.stdout.strip().split("\n")[-1]
    request = urllib.request.Request(service.url + "/pilote/formulaires/invitation-test/participation",
                                     headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(request, timeout=30) as r:
        page = r.read().decode()
    check("3 personnes invitées, 2 ont commencé, 1 a répondu (33 %)" in page, "the participation summary")
    check("01 Ain" in page and "2A Corse-du-Sud" in page and "971 Guadeloupe" in page, "per département")
    request = urllib.request.Request(service.url + "/pilote/formulaires/invitation-test/participation.csv",
                                     headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(request, timeout=30) as r:
        rows = list(csv.reader(r.read().decode("utf-8-sig").splitlines(), delimiter=";"))
    check(["total", "", "Total", "3", "2", "1", "33"] in rows and
          ["departement", "01", "01 Ain", "1", "1", "1", "100"] in rows and
          ["mandat", "conseiller_municipal", "Conseiller municipal", "1", "0", "0", "0"] in rows, f"the CSV: {rows}")

    # Unlinkable: the response holds nothing of the invitation, nor the invitation of the response.
    columns = mysql("SELECT GROUP_CONCAT(column_name) FROM information_schema.columns WHERE table_schema = "
                    f"'{database}' AND table_name = 'responses'")
    check("invit" not in columns.lower(), "no invitation column in responses: " + columns)
    columns = mysql("SELECT GROUP_CONCAT(column_name, ':', data_type) FROM information_schema.columns WHERE "
                    f"table_schema = '{database}' AND table_name = 'invitations'")
    check("response" not in columns.lower() and "timestamp" not in columns.lower(), "invitations: " + columns)
    times = [c for c in columns.split(",") if c.endswith(":datetime")]
    check(times == ["last_reminded_at:datetime"], "the only time in an invitation is its last reminder: " + columns)
    public_ids = mysql("SELECT public_id FROM invitations", database).split("\n")
    stored = mysql("SELECT CONCAT(r.public_id, ' ', r.answers) FROM responses r JOIN forms f ON f.id = r.form_id "
                   "WHERE f.slug = 'invitation-test'", database)
    check(stored and not any(p in stored for p in public_ids), "the response row holds no invitation id")
    check(mysql("SELECT COUNT(*) FROM drafts WHERE invitation_id IS NOT NULL", database) == "1",
          "only B's draft (not sent) still points to its invitation")
    print("ok 10 invitations: invited once, steps with save and resume from the e-mailed link, reminders to the "
          "two others only, unsubscribe at once, participation 3/2/1, response unjoinable")


def test_amendment_joins_a_group(service, sink):
    """Changing one's answers to join a group confirms it by e-mail, as a new registration is; other changes don't."""
    to = "camille@commune-exemple.fr"
    mine = lambda m: m["To"] == to
    status, body = service.submit("inscription-test", {"prenom": "Camille", "email": to, "groupes": ["GPA"]})
    check(status == 201, f"registration answered {status} {body}")
    [first] = sink.wait_for(1, what=mine)
    text = part(first, "text/plain").get_content().replace("\r\n", "\n")
    path = re.search(r"http://127\.0\.0\.1:\d+(/f/inscription-test/modifier/[0-9a-f]+)", text).group(1)

    def amend(first_name, groups):
        status, page = service.get(path)
        check(status == 200, f"the change page opens: {status}")
        fields = [("_csrf", hidden(page, "_csrf")), ("prenom", first_name), ("email", to)]
        fields += [("groupes", g) for g in groups]
        status, url, page = post_form(service, path, fields)
        check(status == 200 and "?modifie=1" in url, f"the change is saved: {status} {url}")

    # Joining GPB: a new confirmation, with both groups and the meetings of both.
    amend("Camille", ["GPA", "GPB"])
    second = sink.wait_for(2, what=mine)[1]
    check(str(second["Subject"]) == "Votre inscription aux groupes projets · GPA · GPB", f"{second['Subject']}")
    text = part(second, "text/plain").get_content().replace("\r\n", "\n")
    check("GPA — Agenda <partagé> & « ressources »" in text and "GPB — Cybersécurité" in text, "both groups: " + text)
    check(re.search(r"/f/inscription-test/modifier/[0-9a-f]+\n", text), "the link that changes the answers again")
    check(second["Message-ID"] != first["Message-ID"], "a message of its own")
    # Joining GPC, whose one place is held (test 8): the confirmation says the place in line.
    amend("Camille", ["GPA", "GPB", "GPC"])
    third = sink.wait_for(3, what=mine)[2]
    text = part(third, "text/plain").get_content().replace("\r\n", "\n")
    check("sa liste d'attente" in text, "the confirmation says the place in line: " + text)
    # A new first name, or leaving a group: nothing to confirm, no message.
    amend("Camilla", ["GPA", "GPB", "GPC"])
    amend("Camilla", ["GPA", "GPC"])
    time.sleep(1.5)  # a message would be there by now
    check(len([m for m in sink.messages() if mine(m)]) == 3, "only the changes that join a group send a message")
    print("ok 11 amendment: joining a group is confirmed by e-mail (place or place in line), other changes are not")


def test_bad_address(service):
    status, body = service.submit("inscription-test", {"prenom": "A", "email": "agent@mairie-évry.fr",
                                                       "groupes": ["GPB"]})
    check(status == 422, f"a non-ASCII domain answered {status}")
    check(body.get("error") == "validation_failed" and "email" in body.get("fields", {}), f"field error expected: {body}")
    status, body = service.submit("inscription-test", {"prenom": "A", "email": "agent@@commune.fr",
                                                       "groupes": ["GPB"]})
    check(status == 422, f"an invalid address answered {status}")
    print("ok 3 bad addresses refused at submission with a field error")


def test_digest(service):
    env = service.env
    created = subprocess.run([BINARY, "token", "create", "--name", "pilotes GPB", "--scope", "form:inscription-test",
                              "--scope", "group:GPB", "--notify", "Pilote.GPB@Exemple.gouv.fr"],
                             env=env, capture_output=True, text=True)
    check(created.returncode == 0, f"token create --notify: {created.stdout}{created.stderr}")
    for n, groups in enumerate((["GPB"], ["GPA", "GPB"], ["GPA"])):
        status, _ = service.submit("inscription-test", {"prenom": f"D{n}", "email": f"digest{n}@commune-exemple.fr",
                                                        "groupes": groups})
        check(status == 201, f"registration {n} answered {status}")
    listed = subprocess.run([BINARY, "token", "list"], env=env, capture_output=True, text=True)
    check("pilote.gpb@exemple.gouv.fr" in listed.stdout.lower(), f"token list shows the address: {listed.stdout}")
    [digest] = SINK.wait_for(1, timeout=30, what=lambda m: m["To"].lower() == "pilote.gpb@exemple.gouv.fr")
    check(str(digest["Subject"]) == "Groupes projets : 2 nouvelles inscriptions", str(digest["Subject"]))
    text = part(digest, "text/plain").get_content().replace("\r\n", "\n")
    check("GPB — Cybersécurité : 2 inscriptions" in text, "the count of the token's group: " + text)
    check("GPA" not in text and "Agenda" not in text, "no group outside the token's scope")
    check("digest" not in text and "@commune-exemple.fr" not in text and "D0" not in text, "no personal data")
    check("/pilote/" in text, "the dashboard link")
    time.sleep(6)  # the next period has nothing new: no second digest
    check(len([m for m in SINK.messages() if m["To"].lower() == "pilote.gpb@exemple.gouv.fr"]) == 1,
          "one digest per period, none when nothing is new")
    print("ok 7 the pilot's digest: counts of its groups only, once per period")


def test_refused_and_deferred(database):
    # Another relay: 550 for one recipient, 451 for another; the rest of the queue goes on.
    picky = Sink("picky", "--reject", r"^refuse@", "--defer", r"^plus-tard@")
    service = Service(database, picky.port, "picky-service")
    try:
        for n, address in enumerate(["refuse@commune-exemple.fr", "plus-tard@commune-exemple.fr",
                                     "accepte@commune-exemple.fr"]):
            status, _ = service.submit("inscription-test", {"prenom": "B", "email": address, "groupes": ["GPB"]})
            check(status == 201, f"registration {n} answered {status}")
        picky.wait_for(1, what=lambda m: m["To"] == "accepte@commune-exemple.fr")
        db = service.env["TNT_FORMS_DB_NAME"]
        deadline = time.time() + 30
        while time.time() < deadline:
            failed = mysql("SELECT COUNT(*) FROM outbox WHERE state = 'failed'", db)
            retried = mysql("SELECT COUNT(*) FROM outbox WHERE state = 'pending' AND attempts >= 2", db)
            if failed == "1" and retried == "1" and service.metric("tnt_mail_failed_total"):
                break
            time.sleep(0.3)
        failed = mysql("SELECT COUNT(*) FROM outbox WHERE state = 'failed' AND last_error LIKE '550%'"
                       " AND recipient = '' AND payload IS NULL", db)
        check(failed == "1", f"the 550 recipient's message is failed, forgotten: {failed}")
        retried = mysql("SELECT attempts FROM outbox WHERE state = 'pending' AND last_error LIKE '451%'", db)
        check(retried and int(retried) >= 2, f"the 451 recipient's message is retried: {retried!r}")
        check(service.metric("tnt_mail_failed_total") == 1.0, "tnt_mail_failed_total counts it")
        log = open(service.log).read()
        check("refuse@" not in log and "plus-tard@" not in log and "accepte@" not in log,
              "no recipient address in the log")
    finally:
        service.stop()
        picky.stop()
    print("ok 4 a 5xx recipient fails alone, a 4xx one is retried, no address in the log")


def test_faults(database):
    sink = Sink("faults")
    service = Service(database, sink.port, "faults-service")
    expected = {}  # recipients whose submission was acknowledged (201)
    try:
        sink.stop()  # the relay goes away

        def submit(n):
            try:
                status, _ = service.submit("inscription-test", registration(1000 + n))
            except OSError:  # the service was killed under this request
                status = None
            return f"agent{1000 + n}@commune-exemple.fr", status

        # Submissions from 4 clients at once; the service is killed -9 in the middle of them.
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            futures = [pool.submit(submit, n) for n in range(40)]
            while sum(f.done() for f in futures) < 20:
                time.sleep(0.01)
            service.kill9()
            outcomes = [f.result() for f in futures]
        acknowledged = [r for r, status in outcomes if status == 201]
        check(len(acknowledged) >= 20, f"only {len(acknowledged)} submissions acknowledged before the kill")
        expected.update((r, True) for r in acknowledged)
        service.start()
        for n in range(40, 60):
            recipient, status = submit(n)
            check(status == 201, f"submission {n} after the restart answered {status}")
            expected[recipient] = True
        time.sleep(1)
        sink.start()  # the relay is back
        sink.wait_for(len(expected), timeout=120, what=lambda m: m["To"] in expected)
        time.sleep(2)
        arrived = [m for m in sink.messages() if m["To"] in expected]
        unacknowledged = {m["To"] for m in sink.messages()} - set(expected)
        ids_by_recipient = {}
        for m in arrived:
            ids_by_recipient.setdefault(m["To"], set()).add(m["Message-ID"])
        missing = [r for r in expected if r not in ids_by_recipient]
        mixed = [r for r, ids in ids_by_recipient.items() if len(ids) != 1]
        print(f"   faults: 60 submissions (kill -9 under 4 clients), {len(expected)} acknowledged, {len(arrived)} "
              f"messages arrived for them, {len(arrived) - len(ids_by_recipient)} duplicate(s) (same Message-ID), "
              f"{len(missing)} lost; {len(unacknowledged)} stored without their 201 (cut by the kill) also mailed")
        check(not missing, f"lost: {missing[:5]}")
        check(not mixed, f"two different Message-IDs for one recipient: {mixed[:5]}")
        pending = mysql("SELECT COUNT(*) FROM outbox WHERE state <> 'sent'", service.env["TNT_FORMS_DB_NAME"])
        check(pending == "0", f"{pending} message(s) not sent")
    finally:
        service.stop()
        sink.stop()
    print("ok 5 relay down and kill -9 under load: nothing lost, duplicates only with the same Message-ID")


def test_two_instances(database):
    sink = Sink("two")
    a = Service(database, sink.port, "instance-a")
    b = Service(database, sink.port, "instance-b")
    try:
        expected = set()

        def submit(n):
            service = a if n % 2 == 0 else b
            status, _ = service.submit("inscription-test", registration(2000 + n))
            return n, status

        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            for n, status in pool.map(submit, range(60)):
                check(status == 201, f"submission {n} answered {status}")
                expected.add(f"agent{2000 + n}@commune-exemple.fr")
        sink.wait_for(len(expected), timeout=60, what=lambda m: m["To"] in expected)
        time.sleep(3)  # any second delivery would be there by now
        arrived = [m for m in sink.messages() if m["To"] in expected]
        ids = [m["Message-ID"] for m in arrived]
        sent_a, sent_b = a.metric("tnt_mail_sent_total") or 0, b.metric("tnt_mail_sent_total") or 0
        print(f"   two instances: {len(expected)} submissions, {len(arrived)} messages, {len(set(ids))} Message-IDs, "
              f"sent by A {sent_a:.0f}, by B {sent_b:.0f}")
        check(len(arrived) == len(expected) == len(set(ids)), "each message delivered exactly once")
        check(sent_a + sent_b >= len(expected), "the instances' counters add up")
        check(a.metric("tnt_mail_outbox_depth") is not None, "tnt_mail_outbox_depth is exported")
    finally:
        a.stop()
        b.stop()
        sink.stop()
    print("ok 6 two instances on one database: each message once")


def new_database():
    name = f"tnt_test_mail_{os.getpid()}_{int(time.time() * 1000) % 100000}_{len(DATABASES)}"
    mysql(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
    DATABASES.append(name)
    return name


DATABASES = []
SINK = None


def run(tests, only):
    """Runs the tests whose number is selected (all when `only` is empty); returns how many failed."""
    failures = 0
    for number, test in tests:
        if only and str(number) not in only:
            continue
        try:
            test()
        except AssertionError as e:
            failures += 1
            print("FAILED:", e)
    return failures


def main():
    only = sys.argv[1:]  # test numbers, e.g. "4 6"; all by default
    with open(os.path.join(WORK, "secret.key"), "w") as f:
        f.write("mail-e2e-test-secret-key-0123456789\n")
    failures = 0
    # 1, 2, 3, 7, 8, 9, 10 and 11 share one service and mailbox (11 after 8); 4, 5 and 6 start their own.
    if not only or set(only) & {"1", "2", "3", "7", "8", "9", "10", "11"}:
        global SINK
        sink = SINK = Sink("mailbox")
        service = Service(new_database(), sink.port, "service")
        try:
            failures += run(((1, lambda: test_confirmation(service, sink)), (2, lambda: test_copy(service, sink)),
                             (3, lambda: test_bad_address(service)), (7, lambda: test_digest(service)),
                             (8, lambda: test_waitlist_offer(service, sink)),
                             (9, lambda: test_resume_link(service, sink)),
                             (10, lambda: test_invitations(service, sink)),
                             (11, lambda: test_amendment_joins_a_group(service, sink))), only)
        finally:
            service.stop()
            sink.stop()
    failures += run(((4, lambda: test_refused_and_deferred(new_database())), (5, lambda: test_faults(new_database())),
                     (6, lambda: test_two_instances(new_database()))), only)
    for name in DATABASES:
        mysql(f"DROP DATABASE IF EXISTS `{name}`")
    print(f"{failures} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
