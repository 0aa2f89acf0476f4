import Hummingbird
import Logging
import Prometheus

/// `/health/live` (the process answers), `/health/ready` (broker connected, store open and
/// migrated, consumers running) and `/metrics` (Prometheus text format) over HTTP.
enum HealthServer {
    static func make(
        address: HTTPAddress, readiness: Readiness, registry: PrometheusCollectorRegistry,
        logger: Logger
    ) -> some ApplicationProtocol {
        let router = Router()
        router.get("health/live") { _, _ in "ok\n" }
        router.get("health/ready") { _, _ -> Response in
            let problems = await readiness.problems()
            let body = problems.isEmpty ? "ready\n" : "not ready: " + problems.joined(separator: "; ") + "\n"
            return Response(
                status: problems.isEmpty ? .ok : .serviceUnavailable,
                headers: [.contentType: "text/plain; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
        }
        router.get("metrics") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
        return Application(
            router: router, configuration: .init(address: .hostname(address.host, port: address.port)),
            logger: logger)
    }
}
