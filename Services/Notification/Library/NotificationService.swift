import Contracts
import Foundation
import ServiceKit

/// The notification service: turns the other services' events into messages from templates,
/// queues each once per (event, recipient, channel) in its store, and sends them with retries.
public enum NotificationService {
    /// - Parameters:
    ///   - name: the broker name; tests run instances side by side under names of their own.
    ///   - templates: the checked templates (loading them is where a bad template stops the start).
    ///   - channel: where messages go: the maildir by default.
    ///   - reminderCheckEvery: seconds between looks for reminders that are due.
    ///   - clock: the time reminders are scheduled and fired by; tests move it.
    public static func definition(
        name: String = Notifications.service, templates: Templates, channel: any Channel,
        retry: RetryPolicy = RetryPolicy(), reminderCheckEvery: Double = 30,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) -> ServiceDefinition {
        var handlers = HandlerRegistry()
        let deliveries = Deliveries(channel: channel, retry: retry)
        let kind = channel.kind
        let queue: @Sendable ([Notice], EnvelopeAttributes, MessageContext) throws -> Void = { notices, event, ctx in
            for n in notices {
                guard let m = templates.render(n.kind, language: n.language, n.values) else { continue }
                try DeliveryRows.queue(
                    n, subject: m.subject, body: m.text, channel: kind, event: event, now: ctx.now, ctx.db)
            }
        }
        let reminders = Reminders(clock: clock)
        let rules = Rules(queue: { notices, ctx in try queue(notices, ctx.message, ctx) }, reminders: reminders)
        rules.register(&handlers)
        // Erasure: a person erased in the registry leaves no message behind.
        handlers.event(Registry.PersonErased.self) { e, ctx in
            try DeliveryRows.erase(email: e.data.email, ctx.db)
            try ReminderRows.erase(email: e.data.email, ctx.db)
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
            summary: "messages to requesters, teachers and parents from the other services' events, each sent once",
            defaultHTTPPort: 8084, handlers: handlers,
            timers: [ServiceTimer("reminders", every: reminderCheckEvery) { ctx in try reminders.fire(queue, ctx) }],
            migrations: NotificationMigrations.register)
        d.workers = [deliveries.worker]
        return d
    }

    /// The service with its settings: mail over SMTP when `smtp.url` names a server
    /// (`smtp://user:password@host:port`), else into the maildir under the data directory.
    public static func configurable() -> ServiceDefinition {
        let keys: [ServiceSettings.Key] = [
            .init(
                name: "maildir", defaultValue: "",
                help: "where mail goes without SMTP (default: <data directory>/maildir)"),
            .init(
                name: "smtp.url", defaultValue: "",
                help:
                    "the mail server, smtp://user:password@host:port (from the environment or a 0600 file, not a flag)"),
            .init(name: "mail.from", defaultValue: "no-reply@rbn.example", help: "the sender address of every mail"),
        ]
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
                guard let c = URLComponents(string: url), c.scheme == "smtp", let host = c.host, !host.isEmpty else {
                    throw SettingsError("smtp.url looks like smtp://user:password@host:587")
                }
                channel = SMTPChannel(
                    .init(host: host, port: c.port ?? 25, user: c.user, password: c.password, from: from))
            } else {
                let dir =
                    settings.extra["maildir"].flatMap { $0.isEmpty ? nil : $0 } ?? "\(settings.dataDirectory)/maildir"
                channel = MaildirChannel(directory: dir, from: from)
            }
            var configured = definition(templates: templates, channel: channel)
            configured.settingsKeys = keys
            return configured
        }
        return d
    }
}
