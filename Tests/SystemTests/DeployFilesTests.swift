import Contracts
import Foundation
import RBNTestSupport
import Testing

/// The files an operator deploys with: the compose file parses and runs every service as its own
/// broker user from the image the Dockerfile builds, and every systemd unit has the hardening the
/// operations page promises.
@Suite("Deployment files")
struct DeployFilesTests {
    static let services = SuiteCatalogue.services.map(\.executable)
    static let deploy = "\(SystemUnderTest.repository)/deploy"

    /// The compose file as JSON, parsed by PyYAML (Debian's python3-yaml).
    static func compose() async throws -> [String: Any] {
        let r = await Subprocess.run([
            "/usr/bin/python3", "-c", "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))",
            "\(deploy)/compose.yaml",
        ])
        guard r.status == 0, let object = try JSONSerialization.jsonObject(with: Data(r.output.utf8)) as? [String: Any]
        else { throw TestSetupError("compose.yaml does not parse: \(r.output)") }
        return object
    }

    @Test func theComposeFileNamesEveryServiceWithItsOwnUser() async throws {
        let compose = try await Self.compose()
        let services = try #require(compose["services"] as? [String: [String: Any]])
        #expect(Set(services.keys) == Set(Self.services + ["broker"]))
        let dockerfile = try String(contentsOfFile: "\(Self.deploy)/Dockerfile", encoding: .utf8)
        // The image builds and holds every service deploy/services lists.
        #expect(dockerfile.contains("grep -v '^#' deploy/services") && dockerfile.contains("cp \"$bin/$p\" /out/"))
        for service in SuiteCatalogue.services {
            let name = service.executable
            let s = try #require(services[name])
            let user = service.name
            #expect(s["command"] as? [String] == [name])
            #expect(s["env_file"] as? String == "./secrets/\(user).env")
            #expect(s["read_only"] as? Bool == true)
            #expect((s["depends_on"] as? [String: Any])?["broker"] != nil)
        }
        // The users are the definitions' users.
        let definitions = try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: "\(Self.deploy)/rabbitmq/definitions.json")))
        let users = ((definitions as? [String: Any])?["users"] as? [[String: Any]])?.compactMap {
            $0["name"] as? String
        }
        let composeUsers = SuiteCatalogue.services.map(\.name)
        #expect(Set(composeUsers).isSubset(of: Set(users ?? [])))
    }

    @Test func everySystemdUnitIsHardened() throws {
        for name in Self.services {
            let unit = try String(contentsOfFile: "\(Self.deploy)/systemd/rbn-\(name).service", encoding: .utf8)
            let lines = Set(unit.split(separator: "\n").map(String.init))
            for required in [
                "User=rbn-\(name)", "Restart=on-failure", "ProtectSystem=strict", "NoNewPrivileges=yes",
                "ReadWritePaths=/var/lib/rbn/\(name)", "Environment=RBN_DATA_DIR=/var/lib/rbn/\(name)",
                "EnvironmentFile=/etc/rbn/\(name).env", "ExecStart=/usr/local/bin/\(name)", "PrivateTmp=yes",
            ] {
                #expect(lines.contains(required), "rbn-\(name).service lacks \(required)")
            }
        }
    }

    @Test func systemdAcceptsEveryUnit() async throws {
        // systemd-analyze checks every directive; the binary is not installed here, so /bin/true
        // stands in for it. A directive systemd cannot parse is a line on stderr.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("units-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for name in Self.services {
            let unit = try String(contentsOfFile: "\(Self.deploy)/systemd/rbn-\(name).service", encoding: .utf8)
            let path = "\(dir)/rbn-\(name).service"
            try unit.replacingOccurrences(of: "ExecStart=/usr/local/bin/\(name)", with: "ExecStart=/bin/true")
                .write(toFile: path, atomically: true, encoding: .utf8)
            let r = await Subprocess.run(["/usr/bin/systemd-analyze", "verify", path])
            #expect(r.status == 0 && r.output.isEmpty, "rbn-\(name).service: \(r.output)")
        }
    }

    @Test func brokerUsersGetPrivateConfigsAndKeepTheirPasswords() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("users-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let users = ["\(Self.deploy)/rabbitmq/users", dir, "broker:5672"]
        let made = await Subprocess.run(users)
        #expect(made.status == 0, "\(made.output)")
        let password = try String(contentsOfFile: "\(dir)/training.password", encoding: .utf8)
        let config = try String(contentsOfFile: "\(dir)/training.json", encoding: .utf8)
        #expect(config.contains("amqp://training:\(password)@broker:5672"))
        let env = try String(contentsOfFile: "\(dir)/training.env", encoding: .utf8)
        #expect(env == "RBN_AMQP_URL=amqp://training:\(password)@broker:5672\n")
        let mode = try FileManager.default.attributesOfItem(atPath: "\(dir)/training.json")[.posixPermissions] as? Int
        #expect(mode == 0o600)
        // A second run keeps the passwords.
        #expect(await Subprocess.run(users).status == 0)
        #expect(try String(contentsOfFile: "\(dir)/training.password", encoding: .utf8) == password)
    }
}
