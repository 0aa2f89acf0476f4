import Foundation
import HTTPTypes
import Hummingbird
import Logging
import ServiceKit

/// The portal's HTTP side: binds `portal.addr` while the service runs, routes each page to its
/// flow, and wraps every answer in the security headers.
struct WebServer: Sendable {
    /// The largest form body taken (bytes); a larger one is refused before it is read whole.
    static let maxFormBytes = 16 * 1024

    let settings: PortalSettings
    let pages: PageRenderer

    var worker: ServiceWorker {
        ServiceWorker("web") { worker in
            if settings.ephemeralKeys {
                worker.logger.warning(
                    "portal.keys is not set: links are signed with a key made up at start and stop working when the portal restarts"
                )
            }
            let portal = PortalApp(settings: settings, pages: pages, worker: worker)
            while !worker.isStopped && !Task.isCancelled {
                do {
                    try await serve(portal, worker)
                } catch {
                    worker.logger.warning("the web server failed; it listens again", metadata: ["error": "\(error)"])
                }
                if !worker.isStopped { try? await Task.sleep(for: .seconds(1)) }
            }
        }
    }

    private func serve(_ portal: PortalApp, _ worker: WorkerContext) async throws {
        let router = Router(context: PortalContext.self)
        router.add(middleware: PortalMiddleware(portal: portal))
        portal.routes(router)
        let logger = worker.logger
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? settings.port
                logger.info("portal listening", metadata: ["address": "\(settings.host):\(port)"])
            },
            logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            group.addTask {
                while !worker.isStopped && !Task.isCancelled { await worker.sleep(3600) }
            }
            _ = try await group.next()
            group.cancelAll()
        }
    }
}

/// Around every route: the security headers, and our own pages for what went wrong (no stack
/// trace, no framework page).
struct PortalMiddleware: RouterMiddleware {
    typealias Context = PortalContext
    let portal: PortalApp

    func handle(
        _ request: Request, context: PortalContext, next: (Request, PortalContext) async throws -> Response
    ) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let problem as PortalApp.LinkProblem {
            // A link or session that opens nothing: its page says why.
            response = problem.response
        } catch let why as PortalApp.Rejected {
            // A form that was not taken (another site's, expired, too large): its page says so.
            response = portal.rejected(why, request)
        } catch let error as HTTPError {
            response = portal.failure(error.status, request)
        } catch {
            portal.worker.logger.error("a page failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            response = portal.failure(.internalServerError, request)
        }
        Self.secure(&response.headers)
        return response
    }

    /// What every answer carries: no script, no frame, no referrer to other sites (links carry
    /// tokens), no sniffing.
    static func secure(_ h: inout HTTPFields) {
        h[.contentSecurityPolicy] =
            "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
        h[.xContentTypeOptions] = "nosniff"
        h[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        h[HTTPField.Name("X-Frame-Options")!] = "DENY"
        h[HTTPField.Name("Permissions-Policy")!] = "camera=(), microphone=(), geolocation=(), interest-cohort=()"
        h[HTTPField.Name("Cross-Origin-Opener-Policy")!] = "same-origin"
        if h[.cacheControl] == nil { h[.cacheControl] = "no-store" }
    }
}
