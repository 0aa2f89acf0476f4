/// Waits for the event a test stands for: runs `body` until `done` holds for what it returns,
/// pausing `every` between tries, and returns the last result.
///
/// It has no deadline of its own. A wall-clock bound says nothing about the product and fails on a
/// loaded machine; the test's time limit (a guard against hangs, generous by design) ends the wait
/// when the event never comes, and the test's expectation on the result then says what was missing.
public func eventually<T: Sendable>(
    every pause: Duration = .milliseconds(250), until done: (T) -> Bool, _ body: () async throws -> T
) async rethrows -> T {
    while true {
        let value = try await body()
        if done(value) || Task.isCancelled { return value }
        try? await Task.sleep(for: pause)
    }
}
