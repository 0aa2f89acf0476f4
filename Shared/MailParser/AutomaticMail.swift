import Foundation

/// Mail that no person wrote: auto-replies and out-of-office notices ("Abwesenheitsnotiz"),
/// bounces and mailing-list traffic. None of it becomes a ticket, and none of it is answered.
public enum AutomaticMail: String, Sendable, Equatable {
    /// An auto-reply or out-of-office notice (RFC 3834 `Auto-Submitted: auto-replied`,
    /// `X-Autoreply`, `X-Autorespond`, `Precedence: auto_reply`, Microsoft's suppression header).
    case autoReply = "auto-reply"
    /// A delivery status notification (`multipart/report; report-type=delivery-status`), or a
    /// mail from the null sender's daemons.
    case bounce
    /// Bulk or list mail (`Precedence: bulk|list|junk`, `List-Id`, `Auto-Submitted: auto-generated`).
    case bulk

    /// What kind of automatic mail this is; nil for a mail a person wrote.
    public static func detect(_ mail: ParsedMail) -> AutomaticMail? {
        let h = mail.headers
        let type = HeaderValue(parsing: h["Content-Type"] ?? "")
        if type.value == "multipart/report",
            ["delivery-status", "disposition-notification"].contains(type.parameters["report-type"]?.lowercased())
        {
            return .bounce
        }
        let from = (h["From"] ?? "").lowercased()
        if from.contains("mailer-daemon@") || from.contains("postmaster@") { return .bounce }
        if h["Return-Path"]?.trimmingCharacters(in: .whitespaces) == "<>" && from.contains("mailer-daemon") {
            return .bounce
        }
        let autoSubmitted = (h["Auto-Submitted"] ?? "no").lowercased()
        let precedence = (h["Precedence"] ?? "").lowercased()
        if autoSubmitted.hasPrefix("auto-replied") || h["X-Autoreply"] != nil || h["X-Autorespond"] != nil
            || precedence == "auto_reply"
            || h["X-Auto-Response-Suppress"].map(Self.suppressesAll) == true
                && mail.subject.lowercased().contains("abwesen")
        {
            return .autoReply
        }
        if ["bulk", "list", "junk"].contains(precedence) || h["List-Id"] != nil || autoSubmitted != "no" {
            return .bulk
        }
        // Out-of-office notices from clients that set no header at all.
        let subject = mail.subject.lowercased()
        for prefix in ["abwesenheitsnotiz", "automatische antwort", "out of office", "automatic reply", "autoreply"]
        where subject.hasPrefix(prefix) {
            return .autoReply
        }
        return nil
    }

    static func suppressesAll(_ value: String) -> Bool {
        let v = value.lowercased()
        return v.contains("all") || v.contains("oof")
    }
}

/// The verdict of the MTA on a sender (RFC 8601 `Authentication-Results`), counted only from the
/// authentication service we name: any other such header a sender wrote himself.
public enum SenderAuthentication: Equatable, Sendable {
    /// DMARC passed, or DKIM passed for the sender's domain.
    case authenticated
    /// The MTA says the sender is forged: DMARC failed, or SPF failed with no DKIM pass.
    case spoofed(String)
    /// No verdict from our MTA (none configured, or it did not check).
    case unknown

    /// - Parameter authservID: the `authserv-id` our MTA writes (its host name).
    public static func verdict(_ headers: MailHeaders, authservID: String?) -> SenderAuthentication {
        guard let authservID = authservID?.lowercased(), !authservID.isEmpty else { return .unknown }
        // The topmost header of our MTA is its own; later ones came with the mail.
        guard
            let ours = headers.all("Authentication-Results").first(where: {
                $0.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
                    .split(separator: " ").first.map(String.init) == authservID
            })
        else { return .unknown }
        var results: [String: String] = [:]
        for clause in ours.split(separator: ";").dropFirst() {
            let words = clause.trimmingCharacters(in: .whitespaces).split(separator: " ")
            guard let first = words.first, let eq = first.firstIndex(of: "=") else { continue }
            let method = first[..<eq].lowercased()
            if results[method] == nil { results[method] = first[first.index(after: eq)...].lowercased() }
        }
        if results["dmarc"] == "pass" || results["dkim"] == "pass" { return .authenticated }
        if results["dmarc"] == "fail" { return .spoofed("DMARC failed") }
        if ["fail", "softfail"].contains(results["spf"] ?? ""), results["dkim"] != "pass" {
            return .spoofed("SPF \(results["spf"]!) and no DKIM signature passed")
        }
        return .unknown
    }
}
