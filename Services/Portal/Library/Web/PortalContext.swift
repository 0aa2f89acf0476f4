import Hummingbird
import NIOCore

/// What a request of the portal's knows besides itself: who connected (for rate limits).
struct PortalContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The address of the peer that connected: the browser, or a reverse proxy in front.
    let peer: String

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peer = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// Forms are small: a registration is well under a kilobyte.
    var maxUploadSize: Int { WebServer.maxFormBytes }
}
