#!/usr/bin/python3
"""Sends mail files through an SMTP server with Python's smtplib, each as its bytes are, from and to
the addresses its headers name (or those given).

    send.py HOST PORT [--to ADDRESS[,ADDRESS…]] [--repeat N] FILE...
"""
import email.utils
import smtplib
import sys
from email import message_from_bytes

args = sys.argv[1:]
host, port, args = args[0], int(args[1]), args[2:]
to = None
repeat = 1
while args and args[0].startswith("--"):
    if args[0] == "--to":
        to, args = args[1], args[2:]
    elif args[0] == "--repeat":
        repeat, args = int(args[1]), args[2:]
    else:
        sys.exit(f"send.py: unknown option {args[0]}")
sent = 0
with smtplib.SMTP(host, port, timeout=120) as s:
    for _ in range(repeat):
        for path in args:
            raw = open(path, "rb").read()
            m = message_from_bytes(raw)
            sender = email.utils.parseaddr(m.get("From", ""))[1]
            rcpts = to.split(",") if to else [a for _, a in email.utils.getaddresses(m.get_all("To", []))]
            s.sendmail(sender, rcpts, raw)
            sent += 1
print(f"sent {sent}")
