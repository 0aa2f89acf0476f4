#!/usr/bin/python3
"""Writes the shapes of mail that schools' mail clients send, built with Python's email package
(a MIME writer nobody here wrote), one .eml file each, into the directory given.

    shapes.py DIR
"""
import sys
from email import policy
from email.message import EmailMessage, Message
from email.mime.application import MIMEApplication
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.headerregistry import Address
from email import charset as cs
from pathlib import Path

out = Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)
SENDER = Address("Jana Krüger", "j.krueger", "schule.example")
TO = "support@rbn.example"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x00" * 20
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def write(name, msg):
    (out / f"{name}.eml").write_bytes(msg.as_bytes(policy=policy.SMTP) if isinstance(msg, EmailMessage) else msg.as_bytes())


def base(msg, subject):
    msg["From"] = str(SENDER) if isinstance(msg, EmailMessage) else "Jana =?utf-8?q?Kr=C3=BCger?= <j.krueger@schule.example>"
    msg["To"] = TO
    msg["Subject"] = subject
    msg["Message-ID"] = f"<{subject.split()[0].lower()}-1@schule.example>"
    msg["Date"] = "Wed, 02 Dec 2026 09:14:00 +0100"
    return msg


# Outlook: HTML only, Windows-1252, quoted-printable.
m = MIMEText("<html><head><style>p{}</style></head><body><p>Der Beamer in Raum 2.14 zeigt kein Bild.</p>"
             "<p>Grüße &amp; Dank<br>J. Krüger – Schulleitung</p></body></html>", "html", "windows-1252")
write("outlook-html-cp1252", base(m, "Beamer defekt – Raum 2.14"))

# Apple Mail / Thunderbird: multipart/alternative inside multipart/related with an inline image.
m = EmailMessage()
base(m, "WLAN fällt aus")
m.set_content("Seit Montag kein WLAN im Raum 204.\n\nAm 01.12.2026 um 08:00 schrieb Support <support@rbn.example>:\n> Alte Nachricht\n")
m.add_alternative("<p>Seit Montag kein WLAN im Raum 204.</p><img src=\"cid:bild1@schule.example\">", subtype="html")
m.get_payload()[1].add_related(PNG, "image", "png", cid="<bild1@schule.example>", filename="screenshot.png")
write("apple-alternative-inline", m)

# Quoted-printable in ISO-8859-15 (the euro sign differs from Latin-1).
cs.add_charset("iso-8859-15", cs.QP, cs.QP)
m = MIMEText("Das Tablet hat 300 € gekostet und lädt nicht mehr.\nGrüße", "plain", "iso-8859-15")
write("qp-latin9", base(m, "Tablet lädt nicht"))

# RFC 2231 file name (what Thunderbird writes) and RFC 2047 file name (what Outlook writes).
m = MIMEMultipart()
base(m, "Zeugnisdrucker")
m.attach(MIMEText("Fehlerbericht anbei.", "plain", "utf-8"))
a = MIMEApplication(PDF, "pdf")
a.add_header("Content-Disposition", "attachment", filename=("utf-8", "de", "Fehlerbericht für Drucker.pdf"))
m.attach(a)
write("rfc2231-filename", m)

m = MIMEMultipart()
base(m, "Druckerprotokoll")
m.attach(MIMEText("Protokoll anbei.", "plain", "utf-8"))
a = MIMEApplication(PDF, "pdf")
a.add_header("Content-Disposition", 'attachment; filename="=?utf-8?b?UHLDvGZiZXJpY2h0LnBkZg==?="')
m.attach(a)
write("rfc2047-filename", m)

# A forwarded mail as message/rfc822.
inner = EmailMessage()
base(inner, "Originalmeldung Netzwerk")
inner.set_content("Der Switch im Keller blinkt orange.")
m = EmailMessage()
base(m, "WG: Originalmeldung Netzwerk")
m.set_content("Zur Info, siehe unten.")
m.add_attachment(inner)
write("forwarded", m)

# S/MIME signed: multipart/signed with an application/pkcs7-signature part.
m = MIMEMultipart("signed", protocol="application/pkcs7-signature", micalg="sha-256")
base(m, "Signiert Anfrage")
m.attach(MIMEText("Bitte Konto für Frau Weber anlegen.", "plain", "utf-8"))
sig = MIMEApplication(b"\x30\x82\x01\x00" + b"\x01" * 64, "pkcs7-signature", name="smime.p7s")
sig.add_header("Content-Disposition", "attachment", filename="smime.p7s")
m.attach(sig)
write("smime-signed", m)

# 8-bit without a charset (an old client): UTF-8 bytes, no charset parameter.
raw = ("From: Jana Krueger <j.krueger@schule.example>\r\nTo: support@rbn.example\r\n"
       "Subject: Drucker im Lehrerzimmer\r\nMessage-ID: <drucker-1@schule.example>\r\n"
       "Content-Type: text/plain\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
       "Der Drucker im Lehrerzimmer druckt nur leere Seiten. Grüße\r\n").encode("utf-8")
(out / "8bit-nocharset.eml").write_bytes(raw)

# Only an attachment, no text at all.
m = EmailMessage()
base(m, "Scan")
m.add_attachment(PDF, maintype="application", subtype="pdf", filename="scan.pdf")
write("attachment-only", m)
