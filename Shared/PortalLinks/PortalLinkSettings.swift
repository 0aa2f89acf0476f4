import ServiceKit

extension PortalLinks {
    /// The settings of every service that writes or opens the portal's links (the notification
    /// service and the portal): the same two values in both.
    public static let settingsKeys: [ServiceSettings.Key] = [
        .init(
            name: "portal.url", defaultValue: "",
            help: "the portal's public address (https://…), which links in mails lead to; empty: mails carry no links"),
        .init(
            name: "portal.keys", defaultValue: "",
            help:
                "keys that sign the portal's links: id:secret pairs, comma-separated, the first signing (secret: openssl rand -base64 32); from the environment or a 0600 file, not a flag"
        ),
    ]

    /// The links of these settings: nil when `portal.url` is empty, a ``SettingsError`` when it or
    /// the keys are wrong.
    public static func configured(_ settings: ServiceSettings) throws(SettingsError) -> PortalLinks? {
        let url = settings.extra["portal.url"] ?? ""
        guard !url.isEmpty else { return nil }
        do {
            return try PortalLinks(base: url, keys: settings.extra["portal.keys"] ?? "")
        } catch {
            throw SettingsError(error.description)
        }
    }
}
