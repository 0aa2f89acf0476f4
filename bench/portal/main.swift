// bench-portal: the portal's pages under load (issue 20). wrk from Debian asks for the network
// page and an evening's page, each a page the portal renders from two or three requests over the
// broker; the floor is nginx serving the same network page as a static file on this machine. Then
// the time from a parent's registration POST to the confirmation mail in the maildir, at a gentle
// pace; and the portal's resident memory, idle and at the end of the load.
//
//   bench-portal [--seconds N (10)] [--registrations N (200)] [--csv FILE]
import BenchSupport
import Foundation
import PortalLinks
import RBNTestSupport

struct Options {
    var seconds = 10
    var registrations = 200
    var csv = "var/bench/portal.csv"

    init(_ args: [String]) throws {
        for (arg, value) in try BenchOptions.pairs(
            args, known: ["--seconds", "--registrations", "--csv"], usage: "bench/portal/main.swift")
        {
            switch arg {
            case "--seconds": seconds = try BenchOptions.positive(arg, value)
            case "--registrations": registrations = try BenchOptions.positive(arg, value)
            default: csv = value
            }
        }
    }
}

/// What wrk measured: requests per second and the 99th percentile latency in milliseconds.
struct Load {
    var perSecond: Double
    var p99: Double
}

/// wrk with 2 threads and 32 connections for `seconds` against `url`.
func wrk(_ url: String, seconds: Int) async throws -> Load {
    let r = await Subprocess.run(["wrk", "-t2", "-c32", "-d\(seconds)s", "--latency", url])
    guard r.status == 0 else { throw BenchError("wrk: \(r.output)") }
    var load = Load(perSecond: 0, p99: 0)
    for line in r.stdout.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) {
        if line.hasPrefix("Requests/sec:") { load.perSecond = Double(line.split(separator: " ").last ?? "") ?? 0 }
        if line.hasPrefix("99%") { load.p99 = milliseconds(String(line.split(separator: " ").last ?? "")) }
        if line.contains("Non-2xx or 3xx responses") { throw BenchError("\(url) answered with errors: \(line)") }
    }
    return load
}

/// `1.52ms`, `230.00us`, `1.02s` → milliseconds.
func milliseconds(_ s: String) -> Double {
    if s.hasSuffix("us") { return (Double(s.dropLast(2)) ?? 0) / 1000 }
    if s.hasSuffix("ms") { return Double(s.dropLast(2)) ?? 0 }
    if s.hasSuffix("s") { return (Double(s.dropLast(1)) ?? 0) * 1000 }
    return 0
}

/// nginx serving `directory` on `port`, as the floor; stopped with the returned closure.
func nginx(serving directory: String, port: Int, work: String) async throws -> () async -> Void {
    let conf = work + "/nginx.conf"
    try """
    worker_processes 2;
    pid \(work)/nginx.pid;
    error_log \(work)/nginx-error.log;
    events { worker_connections 1024; }
    http {
        access_log off;
        client_body_temp_path \(work)/nginx-body;
        server {
            listen 127.0.0.1:\(port);
            root \(directory);
            location / { default_type "text/html; charset=utf-8"; }
        }
    }
    """.write(toFile: conf, atomically: true, encoding: .utf8)
    let r = await Subprocess.run(["/usr/sbin/nginx", "-c", conf, "-p", work])
    guard r.status == 0 else { throw BenchError("nginx: \(r.output)") }
    return { _ = await Subprocess.run(["/usr/sbin/nginx", "-c", conf, "-p", work, "-s", "stop"]) }
}

/// Resident memory now and at its peak, in MB.
func memory(_ pid: pid_t) -> (rss: Double, peak: Double) {
    let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
    func kB(_ field: String) -> Double {
        let line = status.split(separator: "\n").first { $0.hasPrefix(field) } ?? ""
        return Double(line.split(separator: " ").dropFirst().first ?? "0").map { $0 / 1024 } ?? 0
    }
    return (kB("VmRSS:"), kB("VmHWM:"))
}

/// Registers `count` parents one after another through the portal's form (each from an address
/// and, through the trusted proxy header, a client of its own), and measures each POST to the
/// confirmation mail in the maildir; milliseconds, sorted.
func registrations(base: String, evening: String, maildir: String, count: Int, run: String) async throws -> [Double] {
    let script = """
        import sys, os, re, time, json, urllib.request, urllib.parse
        base, path, maildir, n, run = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
        new = os.path.join(maildir, "new")
        seen = set(os.listdir(new)) if os.path.isdir(new) else set()
        out = []
        for i in range(n):
            client = "10.%d.%d.%d" % (i // 65536 % 256, i // 256 % 256, i % 256)
            page = urllib.request.urlopen(urllib.request.Request(base + path, headers={"X-Forwarded-For": client})).read().decode()
            token = re.search(r'name="form" value="([^"]+)"', page).group(1)
            email = "bench.%s.%d@eltern.example" % (run, i)
            body = urllib.parse.urlencode({"form": token, "name": "Bench Elternteil", "email": email, "people": "1",
                                           "consent": "yes", "website": ""}).encode()
            req = urllib.request.Request(base + path, data=body, headers={
                "Content-Type": "application/x-www-form-urlencoded", "Origin": base, "X-Forwarded-For": client})
            start = time.time()
            class NoRedirect(urllib.request.HTTPRedirectHandler):
                def redirect_request(self, *a, **k): return None
            try:
                urllib.request.build_opener(NoRedirect).open(req)
            except urllib.error.HTTPError as e:
                if e.code != 303: raise
            found = None
            while found is None:
                for f in os.listdir(new):
                    if f in seen: continue
                    seen.add(f)
                    if email in open(os.path.join(new, f), errors="replace").read(2000): found = f
                if found is None:
                    if time.time() - start > 60: raise SystemExit("no mail for " + email)
                    time.sleep(0.002)
            out.append((time.time() - start) * 1000)
            time.sleep(0.05)
        print(json.dumps(out))
        """
    let r = await Subprocess.run(["python3", "-c", script, base, evening, maildir, "\(count)", run])
    guard r.status == 0, let ms = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [Double] else {
        throw BenchError("the registrations: \(r.output)")
    }
    return ms.sorted()
}

func main() async throws {
    let o = try Options(CommandLine.arguments)
    let work = NSTemporaryDirectory() + "rbn-bench-portal-\(UUID().uuidString.prefix(6))"
    try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: work) }
    let port = TCPPort.free()
    let base = "http://127.0.0.1:\(port)"
    let links = [
        "RBN_PORTAL_URL": base, "RBN_PORTAL_KEYS": LinkKeys.generate(id: "bench"),
        "RBN_PORTAL_ADDR": "127.0.0.1:\(port)", "RBN_PORTAL_PROXIES": "127.0.0.1",
    ]
    print("bench-portal: wrk (2 threads, 32 connections, \(o.seconds) s) against the portal and nginx")
    var figures: [(String, String)] = []
    try await SystemUnderTest.with(
        services: ["support-desk", "training", "notification", "portal"],
        environment: ["portal": links, "notification": links]
    ) { sys in
        let seeded = try await sys.retryWhileUnavailable(["registry", "seed", "\(SystemUnderTest.repository)/seeds"])
        guard seeded.status == 0 else { throw BenchError("registry seeds: \(seeded.stderr)") }
        let training = try await sys.seedTraining()
        guard training.status == 0 else { throw BenchError("training seeds: \(training.stderr)") }
        _ = await eventually(until: { $0 }) { TCPPort.accepts(port) }
        guard let pid = sys.pid(of: "portal") else { throw BenchError("the portal is not running") }
        let network = base + "/n/kreis-lippe"
        // The evening of the seeds in Kreis Lippe with places (the Kita's, 40 places).
        let page = await Subprocess.run(["curl", "-sf", network]).stdout
        guard
            let path = page.components(separatedBy: "href=\"").dropFirst().map({ String($0.prefix { $0 != "\"" }) })
                .first(where: { $0.contains("/abend/") }), page.contains("freie Plätze")
        else { throw BenchError("no evening on the network page") }
        let idle = memory(pid)

        let floorDir = work + "/static"
        try FileManager.default.createDirectory(
            atPath: floorDir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: work)
        try page.write(toFile: floorDir + "/index.html", atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: floorDir + "/index.html")
        let floorPort = TCPPort.free()
        let stop = try await nginx(serving: floorDir, port: floorPort, work: work)
        let floor: Load
        do {
            floor = try await wrk("http://127.0.0.1:\(floorPort)/index.html", seconds: o.seconds)
        } catch {
            await stop()
            throw error
        }
        await stop()
        let networkLoad = try await wrk(network, seconds: o.seconds)
        let eveningLoad = try await wrk(base + path, seconds: o.seconds)
        let loaded = memory(pid)
        for (name, l) in [
            ("nginx, the same page as a file (floor)", floor), ("network page", networkLoad),
            ("evening page", eveningLoad),
        ] {
            print(
                "  " + name.padding(toLength: 40, withPad: " ", startingAt: 0)
                    + String(
                        format: "%8.0f requests/s, p99 %6.1f ms, ratio %.3f", l.perSecond, l.p99,
                        l.perSecond / floor.perSecond))
        }
        figures += [
            ("floor_per_s", String(format: "%.0f", floor.perSecond)),
            ("floor_p99_ms", String(format: "%.1f", floor.p99)),
            ("network_per_s", String(format: "%.0f", networkLoad.perSecond)),
            ("network_p99_ms", String(format: "%.1f", networkLoad.p99)),
            ("evening_per_s", String(format: "%.0f", eveningLoad.perSecond)),
            ("evening_p99_ms", String(format: "%.1f", eveningLoad.p99)),
            ("network_ratio", String(format: "%.3f", networkLoad.perSecond / floor.perSecond)),
        ]

        let run = "b\(UUID().uuidString.prefix(6).lowercased())"
        let ms = try await registrations(
            base: base, evening: path, maildir: "\(sys.directory)/maildir", count: o.registrations, run: run)
        let p50 = Stats.percentile(ms, 50)
        let p99 = Stats.percentile(ms, 99)
        print(
            String(
                format: "  registration POST to the confirmation mail in the maildir: p50 %.0f ms, p99 %.0f ms (%d)",
                p50, p99, ms.count))
        let after = memory(pid)
        print(
            String(
                format: "  portal memory: %.0f MB idle, %.0f MB after the load (peak %.0f MB)", idle.rss, after.rss,
                max(loaded.peak, after.peak)))
        figures += [
            ("registration_p50_ms", String(format: "%.0f", p50)), ("registration_p99_ms", String(format: "%.0f", p99)),
            ("rss_idle_mb", String(format: "%.0f", idle.rss)), ("rss_loaded_mb", String(format: "%.0f", after.rss)),
            ("rss_peak_mb", String(format: "%.0f", max(loaded.peak, after.peak))),
        ]
    }
    try Stats.writeCSV(
        o.csv, header: figures.map(\.0).joined(separator: ","), rows: [figures.map(\.1).joined(separator: ",")])
    print("bench-portal: wrote \(o.csv)")
}

do {
    try await main()
} catch {
    FileHandle.standardError.write(Data("bench-portal: \(error)\n".utf8))
    exit(1)
}
