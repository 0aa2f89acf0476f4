import Contracts
import Foundation
import ServiceKit

/// The support desk's own settings: business hours, closed days, SLA targets, windows and admins.
public struct DeskSettings: Sendable {
    public var calendars = DeskCalendars.nrw
    public var policies = SLAPolicy.defaults
    public var reopenWindowDays = 14.0
    public var closeAfterDays = 7.0
    /// How long closed tickets are kept, to the end of the calendar year.
    public var ticketRetention = RetentionPeriod(years: 5)
    public var admins: Set<String> = []
    /// The mail intake: our domain, limits, whose sender verdicts count.
    public var intake = IntakeSettings()
    /// Where the LMTP listener listens; nil when it is off.
    public var lmtp: (host: String, port: Int)?
    /// The maildir the intake reads; nil when it is off.
    public var maildir: String?

    public static let keys: [ServiceSettings.Key] = [
        .init(
            name: "desk.admins", defaultValue: "",
            help: "broker users (comma-separated) that are admins before any agent is saved"),
        .init(name: "sla.hours", defaultValue: "07:30-16:00", help: "business hours, Monday to Friday, Europe/Berlin"),
        .init(
            name: "sla.closed", defaultValue: "",
            help: "closed days of both levels besides NRW's public holidays, e.g. 2026-12-24,2026-12-31"),
        .init(
            name: "sla.ferien", defaultValue: "1",
            help: "levels whose clocks pause in NRW's school holidays (1, 2, 1,2 or none); level 2 works through them"),
        .init(
            name: "sla.closed.level1", defaultValue: "",
            help: "further closed days of level 1, e.g. the movable days: 2027-02-15,2027-05-07"),
        .init(name: "sla.closed.level2", defaultValue: "", help: "further closed days of level 2"),
        .init(
            name: "sla.policy", defaultValue: "critical=1/8,high=4/16,normal=8/40,low=16/80",
            help: "business hours to first response / resolution, per priority"),
        .init(name: "tickets.reopen.days", defaultValue: "14", help: "days after resolving or closing to reopen"),
        .init(name: "tickets.close.days", defaultValue: "7", help: "days after resolving until a ticket closes itself"),
        .init(
            name: "tickets.retention.years", defaultValue: "5",
            help: "years, to the end of that calendar year, that closed tickets are kept (VO-DV I § 9)"),
        .init(
            name: "mail.domain", defaultValue: "rbn.example",
            help: "the domain the desk receives mail at (support@DOMAIN, support+TICKET-SIGNATURE@DOMAIN)"),
        .init(
            name: "mail.lmtp.addr", defaultValue: "",
            help: "HOST:PORT of the LMTP listener an MTA delivers to, e.g. 127.0.0.1:2424; empty: off"),
        .init(
            name: "mail.maildir", defaultValue: "",
            help: "a maildir whose new/ the desk takes mail from (make run: var/data/inbox); empty: off"),
        .init(name: "mail.max.bytes", defaultValue: "26214400", help: "the largest mail taken, in bytes"),
        .init(
            name: "mail.authserv.id", defaultValue: "",
            help: "the authserv-id of our MTA's Authentication-Results; empty: no SPF/DKIM/DMARC verdict counts"),
        .init(
            name: "mail.quarantine.days", defaultValue: "30", help: "days a quarantined mail is kept, decided or not"),
        .init(
            name: "mail.senders", defaultValue: "",
            help: "each network's support address, e.g. kreis-lippe=support@lippe.example; others: support@DOMAIN"),
    ]

    public init() {}

    /// Reads the settings' values; the error names the key and the form it wants.
    public init(_ values: [String: String]) throws(SettingsError) {
        func value(_ key: String) -> String {
            values[key] ?? Self.keys.first { $0.name == key }?.defaultValue ?? ""
        }
        admins = Set(
            value("desk.admins").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty })

        let hours = value("sla.hours").split(separator: "-").map { $0.trimmingCharacters(in: .whitespaces) }
        func minutes(_ t: String) -> Int? {
            let p = t.split(separator: ":")
            guard p.count == 2, let h = Int(p[0]), let m = Int(p[1]), (0...24).contains(h), (0..<60).contains(m) else {
                return nil
            }
            return h * 60 + m
        }
        guard hours.count == 2, let opens = minutes(hours[0]), let closes = minutes(hours[1]), opens < closes,
            closes <= 24 * 60
        else { throw SettingsError("sla.hours must look like 07:30-16:00, got '\(value("sla.hours"))'") }
        func closedDays(_ key: String) throws(SettingsError) -> [ClosedRange<CivilDay>] {
            try value(key).split(separator: ",").map { part throws(SettingsError) in
                let ends = part.trimmingCharacters(in: .whitespaces).components(separatedBy: "..")
                guard let from = CivilDay(ends[0]), let until = CivilDay(ends.count == 2 ? ends[1] : ends[0]),
                    ends.count <= 2, from <= until
                else {
                    throw SettingsError("\(key) takes days or ranges like 2026-10-19..2026-10-31, got '\(part)'")
                }
                return from...until
            }
        }
        let ferien = value("sla.ferien").lowercased().replacingOccurrences(of: " ", with: "")
        let ferienLevels: Set<Int>
        switch ferien {
        case "1": ferienLevels = [1]
        case "2": ferienLevels = [2]
        case "1,2", "2,1": ferienLevels = [1, 2]
        case "none", "": ferienLevels = []
        default: throw SettingsError("sla.ferien takes 1, 2, 1,2 or none, got '\(value("sla.ferien"))'")
        }
        let both = try closedDays("sla.closed")
        func calendar(_ level: Int) throws(SettingsError) -> BusinessCalendar {
            BusinessCalendar(
                opens: opens, closes: closes,
                closed: (ferienLevels.contains(level) ? NRWSchoolHolidays.closedDays : []) + both
                    + (try closedDays("sla.closed.level\(level)")))
        }
        calendars = DeskCalendars(level1: try calendar(1), level2: try calendar(2))

        for part in value("sla.policy").split(separator: ",") {
            let kv = part.split(separator: "=").map { $0.trimmingCharacters(in: .whitespaces) }
            let hrs = kv.count == 2 ? kv[1].split(separator: "/").compactMap { Double($0) } : []
            guard kv.count == 2, let priority = TicketPriority(rawValue: kv[0]), hrs.count == 2, hrs[0] > 0,
                hrs[1] >= hrs[0]
            else {
                throw SettingsError(
                    "sla.policy takes PRIORITY=FIRST/RESOLUTION in business hours, e.g. high=4/16, got '\(part)'")
            }
            policies[priority] = SLAPolicy(firstResponse: Int(hrs[0] * 3600), resolution: Int(hrs[1] * 3600))
        }

        func days(_ key: String) throws(SettingsError) -> Double {
            guard let d = Double(value(key)), d > 0, d <= 3650 else {
                throw SettingsError("\(key) must be a number of days from 0 to 3650, got '\(value(key))'")
            }
            return d
        }
        reopenWindowDays = try days("tickets.reopen.days")
        closeAfterDays = try days("tickets.close.days")
        ticketRetention = try RetentionPeriod(setting: "tickets.retention.years", value("tickets.retention.years"))

        let domain = value("mail.domain").trimmingCharacters(in: .whitespaces).lowercased()
        guard MailAddress.isValid("support@\(domain)") else {
            throw SettingsError("mail.domain must be a domain such as rbn.example, got '\(domain)'")
        }
        intake.domain = domain
        guard let maxBytes = Int(value("mail.max.bytes")), (1024...(1 << 30)).contains(maxBytes) else {
            throw SettingsError("mail.max.bytes must be a number of bytes from 1024 to 1073741824")
        }
        intake.maxBytes = maxBytes
        intake.authservID = value("mail.authserv.id").trimmingCharacters(in: .whitespaces)
        intake.quarantineDays = try days("mail.quarantine.days")
        let lmtp = value("mail.lmtp.addr").trimmingCharacters(in: .whitespaces)
        if !lmtp.isEmpty {
            guard let colon = lmtp.lastIndex(of: ":"), let port = Int(lmtp[lmtp.index(after: colon)...]),
                (0...65535).contains(port), colon > lmtp.startIndex
            else { throw SettingsError("mail.lmtp.addr must look like 127.0.0.1:2424, got '\(lmtp)'") }
            self.lmtp = (String(lmtp[..<colon]), port)
        }
        maildir = value("mail.maildir").trimmingCharacters(in: .whitespaces).nonEmpty
        for part in value("mail.senders").split(separator: ",") {
            let kv = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard kv.count == 2, !kv[0].isEmpty, let address = try? MailAddress.normalized(kv[1]) else {
                throw SettingsError(
                    "mail.senders takes NETWORK=ADDRESS, e.g. kreis-lippe=support@lippe.example, got '\(part)'")
            }
            intake.senders[kv[0]] = address
        }
    }
}

extension SupportDeskService {
    /// The support desk as its executable runs it: built from the settings it reads at start.
    public static func configurable() -> ServiceDefinition {
        var d = definition()
        d.settingsKeys = DeskSettings.keys
        d.configure = { settings throws(SettingsError) in
            let s = try DeskSettings(settings.extra)
            return definition(
                calendars: s.calendars, policies: s.policies, reopenWindowDays: s.reopenWindowDays,
                closeAfterDays: s.closeAfterDays, admins: s.admins, intake: s.intake, lmtp: s.lmtp,
                maildir: s.maildir, ticketRetention: s.ticketRetention)
        }
        return d
    }
}
