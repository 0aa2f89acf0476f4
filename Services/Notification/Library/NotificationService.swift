import Contracts
import Foundation
import PortalLinks
import ServiceKit

/// The notification service: turns the other services' events into messages from templates,
/// queues each once per (event, recipient, channel) in its store, and sends them with retries.
public enum NotificationService {
    /// - Parameters:
    ///   - name: the broker name; tests run instances side by side under names of their own.
    ///   - templates: the checked templates (loading them is where a bad template stops the start).
    ///   - channel: where e-mail goes: the maildir by default, or an SMTP server.
    ///   - webhook: the webhook channel, for recipients who chose it; none when no secret is set.
    ///   - reminderCheckEvery: seconds between looks for reminders (and digests) that are due.
    ///   - clock: the time reminders and digests are scheduled and fired by; tests move it.
    ///   - digestHour: the hour (Europe/Berlin) the daily SLA digest goes out.
    ///   - links: signs the portal links in messages (their pages, the recipient's preferences).
    public static func definition(
        name: String = Notifications.service, templates: Templates, channel: any Channel,
        webhook: (any Channel)? = nil, retry: RetryPolicy = RetryPolicy(), reminderCheckEvery: Double = 30,
        clock: @escaping @Sendable () -> Date = { Date() }, digestHour: Int = 7, links: PortalLinks? = nil,
        logRetention: RetentionPeriod = .init(years: 5), retentionCheckEvery: Double = 3600
    ) -> ServiceDefinition {
        var handlers = HandlerRegistry()
        let deliveries = Deliveries(
            channels: [channel.kind: channel].merging(webhook.map { [$0.kind: $0] } ?? [:]) { $1 }, retry: retry)
        let routing = Routing(emailChannel: channel.kind, webhooks: webhook != nil)
        let queueing = Queueing(templates: templates, routing: routing, links: links)
        let reminders = Reminders(clock: clock)
        let digest = Digest(clock: clock, hour: digestHour)
        let rules = Rules(queue: { notices, ctx in try queueing.queue(notices, ctx) }, reminders: reminders)
        rules.register(&handlers)
        routing.register(&handlers)
        // Erasure: a person erased in the registry leaves no message, preference or address behind.
        // Confirmed with notification.person.erased.
        let maildir = (channel as? MaildirChannel)?.directory
        handlers.event(Registry.PersonErased.self) { e, ctx in
            let erased = try PersonErasure.erase(email: e.data.email, maildir: maildir, ctx.db)
            try ctx.erasedPerson(erased.needles)
            try ctx.emit(
                Notifications.PersonErased(requestID: e.data.personID, entries: erased.entries),
                subject: e.data.personID)
        }
        deliveries.register(&handlers)
        handlers.query(Notifications.PreviewMessage.self) { q, _ in
            guard let k = MessageKinds.kind(q.data.kind) else {
                throw DomainError.notFound(
                    "no message kind '\(q.data.kind)'; there are \(MessageKinds.all.map(\.id).joined(separator: ", "))",
                    field: "kind")
            }
            let language = q.data.language ?? "de"
            guard let m = templates.render(k.id, language: language, k.sample) else {
                throw DomainError.notFound("no \(language) template for \(k.id)", field: "language")
            }
            return Notifications.RenderedMessage(kind: k.id, language: language, subject: m.subject, text: m.text)
        }
        var d = ServiceDefinition(
            name: name, storeName: name,
            summary: SuiteCatalogue.notification.summary, defaultHTTPPort: SuiteCatalogue.notification.httpPort,
            handlers: handlers,
            timers: [
                ServiceTimer("reminders", every: reminderCheckEvery) { ctx in
                    try reminders.fire(queueing, ctx)
                    try digest.fire(queueing, ctx)
                },
                // The log of what went out follows the support desk's rule: kept for its period, to
                // the end of the calendar year.
                ServiceTimer("log-retention", every: retentionCheckEvery) { ctx in
                    _ = try DeliveryRows.expire(logRetention, now: clock(), ctx.db)
                },
            ],
            migrations: NotificationMigrations.register)
        d.workers = [deliveries.worker]
        // Deliveries are read a hundred at a time, by index: no need to map the store.
        d.mappedStoreBytes = 0
        return d
    }

    /// The mail server from `smtp.url`: `smtp://user:password@host:587` talks STARTTLS (required),
    /// `smtps://…:465` TLS from the start; `?tls=none` turns TLS off for a relay on the same host,
    /// and `?ca=/path/ca.pem` trusts a private CA.
    public static func smtpSettings(_ url: String, from: String) throws(SettingsError) -> SMTPChannel.Settings {
        let example = "smtp.url looks like smtp://user:password@host:587 or smtps://user:password@host:465"
        guard let c = URLComponents(string: url), let scheme = c.scheme, ["smtp", "smtps"].contains(scheme),
            let host = c.host, !host.isEmpty
        else { throw SettingsError(example) }
        let query = Dictionary((c.queryItems ?? []).map { ($0.name, $0.value ?? "") }) { $1 }
        var security: SMTPChannel.Security = scheme == "smtps" ? .implicitTLS : .startTLS
        if let t = query["tls"] {
            guard let chosen = SMTPChannel.Security(rawValue: t) else {
                throw SettingsError("smtp.url: tls is none, starttls or tls, not '\(t)'")
            }
            security = chosen
        }
        return SMTPChannel.Settings(
            host: host, port: c.port ?? (security == .implicitTLS ? 465 : 587), user: c.user, password: c.password,
            from: from, security: security, caFile: query["ca"])
    }

    /// The service with its settings: mail over SMTP when `smtp.url` names a server
    /// (`smtp://user:password@host:port`), else into the maildir under the data directory.
    public static func configurable() -> ServiceDefinition {
        let keys: [ServiceSettings.Key] =
            [
                .init(
                    name: "maildir", defaultValue: "",
                    help: "where mail goes without SMTP (default: <data directory>/maildir)"),
                .init(
                    name: "smtp.url", defaultValue: "",
                    help:
                        "the mail server: smtp://user:password@host:587 (STARTTLS) or smtps://…:465 (TLS); ?tls=none for a local relay, ?ca=FILE for a private CA (from the environment or a 0600 file, not a flag)"
                ),
                .init(
                    name: "mail.from", defaultValue: "no-reply@rbn.example", help: "the sender address of every mail"),
                .init(
                    name: "webhook.secret", defaultValue: "",
                    help: "the key webhooks are signed with; without it, nobody can choose the webhook channel"),
                .init(
                    name: "digest.hour", defaultValue: "7",
                    help: "the hour (0–23, Europe/Berlin) the daily SLA digest goes out"),
                .init(
                    name: "log.retention.years", defaultValue: "5",
                    help: "years, to the end of that calendar year, that the log of sent and failed messages is kept"),
            ] + PortalLinks.settingsKeys
        // The templates are checked before anything else: a bad one ends the start with its reason.
        let templates: Templates
        do {
            templates = try Templates()
        } catch {
            FileHandle.standardError.write(Data("notification: \(error)\n".utf8))
            exit(2)
        }
        var d = definition(templates: templates, channel: MaildirChannel(directory: "var/data/maildir"))
        d.settingsKeys = keys
        d.configure = { settings throws(SettingsError) in
            let from = settings.extra["mail.from"].flatMap { $0.isEmpty ? nil : $0 } ?? "no-reply@rbn.example"
            let channel: any Channel
            if let url = settings.extra["smtp.url"], !url.isEmpty {
                channel = SMTPChannel(try smtpSettings(url, from: from))
            } else {
                let dir =
                    settings.extra["maildir"].flatMap { $0.isEmpty ? nil : $0 } ?? "\(settings.dataDirectory)/maildir"
                channel = MaildirChannel(directory: dir, from: from)
            }
            let secret = settings.extra["webhook.secret"] ?? ""
            let hourText = settings.extra["digest.hour"].flatMap { $0.isEmpty ? nil : $0 } ?? "7"
            guard let hour = Int(hourText), (0...23).contains(hour) else {
                throw SettingsError("digest.hour is an hour from 0 to 23, not '\(hourText)'")
            }
            let retention = try RetentionPeriod(
                setting: "log.retention.years",
                settings.extra["log.retention.years"].flatMap { $0.isEmpty ? nil : $0 } ?? "5")
            var configured = definition(
                templates: templates, channel: channel, webhook: secret.isEmpty ? nil : WebhookChannel(secret: secret),
                digestHour: hour, links: try PortalLinks.configured(settings), logRetention: retention)
            configured.settingsKeys = keys
            return configured
        }
        return d
    }
}
