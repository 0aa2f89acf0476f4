import Testing

extension Trait where Self == TimeLimitTrait {
    /// The time limit of every test that talks to a broker or runs processes: a guard against a
    /// hang, not a measure. A test's time includes its wait for a ``ProcessSlots`` slot, and the
    /// last system test in the queue waits for nearly all the others: with both cores taken by
    /// `stress`, the first part of `make test` took 15 minutes and good tests reached 10. So the
    /// guard is longer than the whole run could be, and only a real hang meets it. Tests wait for
    /// the event they stand for (``eventually(every:until:_:)``), never for a time.
    public static var hangGuard: Self { .timeLimit(.minutes(30)) }
}
