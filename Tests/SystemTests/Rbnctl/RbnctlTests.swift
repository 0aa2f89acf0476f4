import Foundation
import RBNTestSupport
import Testing

/// The `rbnctl` executable as a person meets it: exit codes and messages, never a stack trace.
@Suite("rbnctl")
struct RbnctlTests {
    static var binary: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("rbnctl").path
    }

    @Test func aMissingBrokerIsExitFiveWithAHint() async {
        let r = await Subprocess.run([
            Self.binary, "registry", "networks", "--amqp-url", "amqp://guest:guest@127.0.0.1:1", "--timeout", "2",
        ])
        #expect(r.status == 5)
        #expect(r.output.contains("cannot reach the broker") && r.output.contains("make run"))
        #expect(!r.output.contains("guest:guest"), "the password must not be shown")
    }

    @Test func usageErrorsAreExitTwo() async {
        #expect(await Subprocess.run([Self.binary, "registry", "school"]).status == 2)
        #expect(await Subprocess.run([Self.binary, "registry", "rollout", "set", "193007", "somewhere"]).status == 2)
        #expect(await Subprocess.run([Self.binary, "registry", "networks", "--timeout", "-1"]).status == 2)
    }

    @Test func anUnreadableFileIsExitOneAndNamed() async {
        let r = await Subprocess.run([Self.binary, "registry", "import-schools", "/nonexistent.csv", "--network", "x"])
        #expect(r.status == 1 && r.output.contains("/nonexistent.csv"))
    }

    @Test func helpIsExitZero() async {
        let r = await Subprocess.run([Self.binary, "registry", "--help"])
        #expect(r.status == 0 && r.output.contains("import-schools"))
    }
}
