import Foundation
import PortalLinks
import ServiceKit

/// What the portal's web side is configured with.
public struct PortalSettings: Sendable {
    /// Where the pages are served: `host:port`.
    public var host = "127.0.0.1"
    public var port = 8090
    /// Signs and opens links (and form tokens).
    public var links: PortalLinks
    /// Reverse proxies whose `X-Forwarded-For` is believed (the client's address for rate limits).
    public var proxies: Set<String> = []
    /// Whether the keys were made up at start (no `portal.keys`): links die with the process.
    public var ephemeralKeys = false
    /// Per-network texts of the Impressum and the Datenschutzerklärung, by network id; `*` for all.
    public var legal: LegalTexts = LegalTexts()

    public static let keys: [ServiceSettings.Key] =
        [
            .init(
                name: "portal.addr", defaultValue: "127.0.0.1:8090",
                help: "host:port the pages are served on (behind a TLS proxy such as nginx or Caddy)"),
            .init(
                name: "portal.proxies", defaultValue: "",
                help: "addresses of reverse proxies whose X-Forwarded-For names the client (comma-separated)"),
            .init(
                name: "portal.legal", defaultValue: "",
                help: "JSON file with each network's Impressum and Datenschutzerklärung (see docs/portal.md)"),
        ] + PortalLinks.settingsKeys

    /// Settings for tests and the catalogue: loopback, a key made up now.
    public init() {
        links = PortalLinks(base: "http://127.0.0.1:8090", signer: LinkSigner(keys: LinkKeys.made(id: "temp")))
        ephemeralKeys = true
    }

    public init(_ settings: ServiceSettings) throws(SettingsError) {
        let addr = settings.extra["portal.addr"] ?? "127.0.0.1:8090"
        guard let colon = addr.lastIndex(of: ":"), let port = Int(addr[addr.index(after: colon)...]),
            (0...65_535).contains(port), colon > addr.startIndex
        else { throw SettingsError("portal.addr must be host:port, got '\(addr)'") }
        host = String(addr[..<colon])
        self.port = port
        var given = settings
        if (given.extra["portal.url"] ?? "").isEmpty { given.extra["portal.url"] = "http://\(addr)" }
        if (given.extra["portal.keys"] ?? "").isEmpty {
            given.extra["portal.keys"] = LinkKeys.generate(id: "temp")
            ephemeralKeys = true
        }
        // Both values are set above, so this is never nil.
        links = try PortalLinks.configured(given)!
        proxies = Set(
            (settings.extra["portal.proxies"] ?? "").split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces)
            }.filter { !$0.isEmpty })
        if let file = settings.extra["portal.legal"], !file.isEmpty {
            do {
                legal = try LegalTexts(file: file)
            } catch {
                throw SettingsError("portal.legal: \(error)")
            }
        }
    }
}
