import Testing

extension Trait where Self == TimeLimitTrait {
    /// The time limit of every test that talks to a broker or runs processes: a guard against a
    /// hang, not a measure. It is generous on purpose: on a loaded 2-core machine a test waits for
    /// process slots and CPU, and a tight wall-clock bound there fails good code. Tests wait for the
    /// event they stand for (``eventually(every:until:_:)``), never for a time.
    public static var hangGuard: Self { .timeLimit(.minutes(10)) }
}
