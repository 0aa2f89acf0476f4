import CLIKit
import CtlKit

await CLIRunner.main(RBNCtl.self, name: "rbnctl")
