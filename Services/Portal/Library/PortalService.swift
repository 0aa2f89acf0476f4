import Contracts
import Foundation
import PortalLinks
import ServiceKit

/// The portal: server-rendered web pages for parents, schools and teachers. It keeps no domain
/// data: every page asks the service that owns what it shows, and every form becomes a command to
/// that service, over the broker like everyone else. Its store holds only rate-limit counts and an
/// audit of the mails it caused, with addresses as keyed hashes.
public enum PortalService {
    /// - Parameters:
    ///   - settings: the web side's settings (address, links, proxies).
    ///   - pages: the page templates (loading checks them; a bad one stops the start).
    public static func definition(
        name: String = Portal.service, settings: PortalSettings, pages: PageRenderer
    ) -> ServiceDefinition {
        var handlers = HandlerRegistry()
        // The portal keeps no address of its own, but a request it published (a confirmation or a
        // sign-in for an address) waits in its outbox until the broker took it and then a day: an
        // erasure drops those at once.
        handlers.event(Registry.PersonErased.self) { e, ctx in
            try ctx.erasedPerson(Erasure.needles(email: e.data.email))
        }
        var d = ServiceDefinition(
            name: name, storeName: SuiteCatalogue.portal.executable, summary: SuiteCatalogue.portal.summary,
            defaultHTTPPort: SuiteCatalogue.portal.httpPort, handlers: handlers,
            timers: [ServiceTimer("prune", every: 600) { ctx in try PortalRows.prune(now: ctx.now, ctx.db) }],
            migrations: PortalMigrations.register)
        d.workers = [WebServer(settings: settings, pages: pages).worker]
        d.mappedStoreBytes = 0
        return d
    }

    /// The portal with its settings read at start.
    public static func configurable() -> ServiceDefinition {
        let pages: PageRenderer
        do {
            pages = try PageRenderer()
        } catch {
            FileHandle.standardError.write(Data("portal: \(error)\n".utf8))
            exit(2)
        }
        var d = definition(settings: PortalSettings(), pages: pages)
        d.settingsKeys = PortalSettings.keys
        d.configure = { settings throws(SettingsError) in
            var configured = definition(settings: try PortalSettings(settings), pages: pages)
            configured.settingsKeys = PortalSettings.keys
            return configured
        }
        return d
    }
}
