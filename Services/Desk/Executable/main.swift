import CLIKit
import DeskKit

await CLIRunner.main(Desk.self, name: "desk")
