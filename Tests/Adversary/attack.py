#!/usr/bin/python3
"""Attacks the running suite as an outsider who has one agent's broker login.

  Tests/Adversary/attack.py URL AGENT PASSWORD OTHER_AGENT OTHER_PASSWORD REPORT SCHOOL OTHER_SCHOOL
      REGISTRY_USER PORTAL_USER PORTAL_PASSWORD

An independent AMQP client (pika), so the attacks share nothing with the suite's own encoder. URL is
the broker without credentials (amqp://127.0.0.1:5672/vhost). Each case is written to REPORT (JSON):
its name, the message ids it sent, what came back, and whether the suite behaved. Cases that end in
a dead-letter queue (which an agent cannot read) are checked by the caller with rbnctl. Good
commands go between the attacks; their titles are in the report, so the caller can check that none
was lost.
"""
import json
import sys
import time
import uuid

import pika

URL, AGENT, PASSWORD, OTHER, OTHER_PASSWORD, REPORT = sys.argv[1:7]
SCHOOL, OTHER_SCHOOL = sys.argv[7], sys.argv[8]
PORTAL, PORTAL_PASSWORD = sys.argv[10], sys.argv[11]


def connect(user, password):
    params = pika.URLParameters(URL)
    params.credentials = pika.PlainCredentials(user, password)
    params.heartbeat = 30
    return pika.BlockingConnection(params)


def envelope(kind, data, id=None, **attributes):
    body = {
        "specversion": "1.0", "id": id or str(uuid.uuid4()), "source": "/rbn/adversary",
        "type": "de.nrw.rbn.supportdesk.%s.v1" % kind, "datacontenttype": "application/json", "data": data,
    }
    body.update(attributes)
    return body


class Client:
    def __init__(self, user, password):
        self.user = user
        self.connection = connect(user, password)
        self.channel = self.connection.channel()
        self.channel.confirm_delivery()
        self.replies = {}
        self.channel.basic_consume("amq.rabbitmq.reply-to", self._reply, auto_ack=True)

    def _reply(self, channel, method, properties, body):
        self.replies[properties.correlation_id] = body

    def publish(self, body, type=None, user_id=True, reply=False, routing_key="supportdesk",
                exchange="rbn.commands", headers=None, message_id=None, reply_to=None, raw=False):
        data = body if raw else json.dumps(body, ensure_ascii=False).encode()
        correlation = str(uuid.uuid4())
        props = pika.BasicProperties(
            content_type="application/cloudevents+json", delivery_mode=2, correlation_id=correlation,
            message_id=message_id or (None if raw else body.get("id") if isinstance(body.get("id"), str) else None),
            type=type or (None if raw else body.get("type")), user_id=self.user if user_id is True else user_id,
            reply_to=reply_to or ("amq.rabbitmq.reply-to" if reply else None), headers=headers)
        # A quorum queue another test is deleting nacks what is routed to it at that moment
        # (rabbitmq-server#15333), though the others took it: publish again, as services do.
        for attempt in range(10):
            try:
                self.channel.basic_publish(exchange, routing_key, data, props)
                break
            except pika.exceptions.NackError:
                if attempt == 9:
                    raise
                time.sleep(0.05 * (attempt + 1))
        return correlation

    def call(self, body, timeout=15, **kw):
        correlation = self.publish(body, reply=True, **kw)
        deadline = time.time() + timeout
        while correlation not in self.replies and time.time() < deadline:
            self.connection.process_data_events(time_limit=0.2)
        reply = self.replies.pop(correlation, None)
        return json.loads(reply) if reply is not None else None


report = {"cases": [], "good": []}


def case(name, ok, detail, ids=(), expect_dead=None):
    report["cases"].append({"name": name, "ok": bool(ok), "detail": str(detail)[:500], "ids": list(ids),
                            "deadCode": expect_dead})
    print("adversary: %-28s %s  %s" % (name, "ok  " if ok else "FAIL", str(detail)[:160]), flush=True)


def error_code(reply):
    return (reply or {}).get("data", {}).get("code") if reply and reply.get("type", "").endswith("request.failed.v1") else None


eve = Client(AGENT, PASSWORD)
anna = Client(OTHER, OTHER_PASSWORD)


def good(n):
    """A legitimate ticket between the attacks; the caller checks none is lost."""
    title = "Gutes Ticket %d %s" % (n, uuid.uuid4().hex[:6])
    reply = eve.call(envelope("ticket.open", {
        "schulnummer": SCHOOL, "title": title, "description": "Bitte prüfen.", "category": "network",
        "priority": "normal", "requester": {"name": "Anna Becker", "email": "anna.becker@schule.example"}}))
    report["good"].append({"title": title, "answered": bool(reply) and error_code(reply) is None})


good(1)

# 1. A forged sender: an event on the commands queue, with the runtime's header of its own.
forged = envelope("x", {"personID": "p-1", "email": "anna.becker@schule.example"},
                  type="de.nrw.rbn.registry.person.erased.v1")
forged["type"] = "de.nrw.rbn.registry.person.erased.v1"
forged["source"] = "/rbn/registry"
eve.publish(forged, user_id=None, headers={"x-rbn-original-user-id": sys.argv[9], "x-rbn-seal": "AAAA"})
case("forged-sender", True, "sent; its dead letter must name no sender", [forged["id"]], "not-permitted")
good(2)

# 2. Another agent's message id, the same type: refused, and nothing of theirs comes back.
theirs = envelope("ticket.open", {
    "schulnummer": OTHER_SCHOOL, "title": "Annas geheimes Ticket", "description": "Nur für Anna.",
    "category": "network", "priority": "normal",
    "requester": {"name": "Jörg Müller", "email": "joerg.mueller@schule.example"}})
first = anna.call(theirs)
stolen = eve.call(theirs)
case("stolen-message-id", first is not None and error_code(first) is None and error_code(stolen) == "not-permitted"
     and "geheim" not in json.dumps(stolen or {}), stolen)
good(3)

# 3. A 300 kB message id and a 65-character correlation id: dead-lettered, nothing stored.
huge = envelope("ticket.get", {"ticketID": 1}, id="x" * 300_000)
eve.publish(huge, message_id="huge-id")
long_correlation = envelope("ticket.get", {"ticketID": 1}, correlationid="c" * 65)
eve.publish(long_correlation)
case("overlong-attributes", True, "sent", [long_correlation["id"]], "too-long")

# 4. Mail header injection in the requester.
injected = eve.call(envelope("ticket.open", {
    "schulnummer": SCHOOL, "title": "Injektion", "description": "x", "category": "network", "priority": "normal",
    "requester": {"name": "Eve", "email": "eve@x.example\r\nBcc: spy@evil.example"}}))
case("header-injection", error_code(injected) == "invalid", injected)
good(4)

# 5. Another network's knowledge-base article, overwritten by id.
article = anna.call(envelope("article.publish", {"title": "Annas Artikel", "body": "Nur Münster.", "networkID": "stadt-muenster"}))
article_id = ((article or {}).get("data", {}).get("articles") or [{}])[0].get("id")
overwrite = eve.call(envelope("article.publish", {"id": article_id or 1, "title": "Übernommen", "body": "Klick!"}))
case("foreign-article", article_id is not None and error_code(overwrite) in ("not-found", "not-permitted"),
     [error_code(article), error_code(overwrite)])

# 6. Unbounded arrays: 100,000 repeated ids, 20,000 distinct ones, a status list of 20,000.
repeated = eve.call(envelope("ticket.assign", {"ticketIDs": [1] * 100_000}), timeout=30)
distinct = eve.call(envelope("ticket.assign", {"ticketIDs": list(range(1, 20_001))}), timeout=30)
statuses = eve.call(envelope("ticket.list", {"status": ["new", "open"] * 10_000}), timeout=30)
case("unbounded-arrays", repeated is not None and error_code(distinct) == "invalid" and statuses is not None
     and error_code(statuses) is None, [error_code(repeated), error_code(distinct), error_code(statuses)])
good(5)

# 7. A reply aimed at another service's commands queue.
aimed = envelope("ticket.get", {"ticketID": 1})
eve.publish(aimed, reply_to="registry.commands")
case("reply-to-elsewhere", True, "sent", [aimed["id"]], "not-permitted")

# 8. Acting as someone else: the broker itself refuses a user_id that is not the login's.
try:
    ch = eve.connection.channel()
    ch.confirm_delivery()
    ch.basic_publish("rbn.commands", "supportdesk", b"{}", pika.BasicProperties(user_id="rbnctl"))
    ch.close()
    impersonated = "published"
except Exception as e:  # the broker closes the channel: PRECONDITION_FAILED
    impersonated = type(e).__name__
case("impersonation", impersonated != "published", impersonated)
good(6)

# 9. Hostile bodies: oversized, deeply nested, wrong types, invalid UTF-8, NUL, numbers out of range.
oversized = envelope("ticket.get", {"ticketID": 1, "pad": "x" * (2 << 20)})
eve.publish(oversized)
nested = envelope("ticket.get", {"ticketID": 1})
nested_raw = json.dumps(nested).replace('"data": {', '"data": {"deep": ' + "[" * 5000 + "]" * 5000 + ', ', 1)
eve.publish(nested_raw.encode(), raw=True, message_id=nested["id"], type=nested["type"])
wrong = envelope("ticket.open", {"schulnummer": 193001, "title": ["kein", "Text"], "requester": "nobody"})
eve.publish(wrong)
broken = json.dumps(envelope("ticket.get", {"ticketID": 1})).encode()[:-2] + b'\xff\xfe"}}'
broken_id = str(uuid.uuid4())
eve.publish(broken, raw=True, message_id=broken_id, type="de.nrw.rbn.supportdesk.ticket.get.v1")
nul = eve.call(envelope("ticket.open", {
    "schulnummer": SCHOOL, "title": "Null\u0000Byte", "description": "a\u0000b", "category": "network",
    "priority": "normal", "requester": {"name": "Anna Becker", "email": "anna.becker@schule.example"}}))
out_of_range = envelope("ticket.list", {"limit": 10 ** 30})
eve.publish(json.dumps(out_of_range).encode(), raw=True, message_id=out_of_range["id"], type=out_of_range["type"])
case("hostile-bodies", nul is not None, "NUL answered: %s" % error_code(nul),
     [oversized["id"], nested["id"], wrong["id"], broken_id, out_of_range["id"]], "any")
good(7)

# 10. 10,000 distinct message ids in a burst, each refused (a school outside eve's scope).
burst = []
for i in range(10_000):
    m = envelope("ticket.open", {
        "schulnummer": OTHER_SCHOOL, "title": "Flut %d" % i, "description": "x", "category": "network",
        "priority": "normal", "requester": {"name": "Eve", "email": "eve@x.example"}})
    eve.publish(m)
    burst.append(m["id"])
last = eve.call(envelope("ticket.list", {"limit": 1}), timeout=120)
case("burst-10000", last is not None, "the desk answered after the burst")
good(8)

# 11. The portal's own login, as if the portal were taken over: it may send the public's requests
# only, and those act only for the address they name.
portal = Client(PORTAL, PORTAL_PASSWORD)


def typed(service, kind, data):
    body = envelope(kind, data)
    body["type"] = "de.nrw.rbn.%s.%s.v1" % (service, kind)
    return body


operators_only = portal.call(typed("training", "evening.get", {"eveningID": 1}), routing_key="training")
agents_only = portal.call(envelope("ticket.get", {"ticketID": 1}))
erase = portal.call(typed("registry", "person.erase", {"email": "anna.becker@schule.example"}), routing_key="registry")
someone_elses = portal.call(envelope("ticket.requester-get", {"ticketID": 1, "email": "eve@evil.example"}))
webhook = portal.call(typed("notification", "recipient.set-preferences", {
    "email": "eve@evil.example", "channel": "webhook", "webhookURL": "http://127.0.0.1:5672/"}),
    routing_key="notification")
as_registry = typed("registry", "person.erased", {"personID": "p-1", "email": "anna.becker@schule.example"})
as_registry["source"] = "/rbn/registry"
portal.publish(as_registry, exchange="rbn.events", routing_key="registry.person.erased")
codes = [error_code(r) for r in (operators_only, agents_only, erase, someone_elses, webhook)]
case("portal-login", codes == ["not-permitted", "not-permitted", "not-permitted", "not-found", "not-permitted"],
     codes, [as_registry["id"]], "not-permitted")
good(9)
portal.connection.close()

eve.connection.close()
anna.connection.close()
with open(REPORT, "w") as f:
    json.dump(report, f, indent=1)
