import Contracts

/// `deploy/services`: the catalogue for shell scripts and the Dockerfile, one service a line as
/// `<executable>:<health port>` (`make run` starts them in this order).
public enum ServiceList {
    public static func text(_ services: [SuiteService]) -> String {
        "# The suite's services as <executable>:<health port>, in the order they start.\n"
            + "# Generated from SuiteCatalogue by `make definitions`; scripts/run and deploy/Dockerfile read it.\n"
            + services.map { "\($0.executable):\($0.httpPort)\n" }.joined()
    }
}
