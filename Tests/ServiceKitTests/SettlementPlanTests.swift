import Testing

@testable import ServiceKit

@Suite("Settling a batch")
struct SettlementPlanTests {
    @Test func allHandledIsOneMultipleAck() {
        let plan = SettlementPlan([.handled(reply: nil), .duplicate(reply: nil), .ignored]) { _ in false }
        #expect(plan == SettlementPlan(deadLetters: [], requeues: [], ackUpTo: 2))
    }

    @Test func retriesAreRequeuedAndNotAcked() {
        let plan = SettlementPlan([.handled(reply: nil), .retry(reason: "busy"), .handled(reply: nil)]) { _ in false }
        #expect(plan == SettlementPlan(deadLetters: [], requeues: [1], ackUpTo: 2))
    }

    @Test func poisonAndExhaustedRetriesAreDeadLetteredThenAcked() {
        let plan = SettlementPlan([
            .poison(code: "malformed", reason: "x"), .retry(reason: "bug"), .retry(reason: "busy"),
        ]) {
            $0 == 1
        }
        #expect(plan == SettlementPlan(deadLetters: [0, 1], requeues: [2], ackUpTo: 1))
    }

    @Test func onlyRetriesMeansNoAck() {
        let plan = SettlementPlan([.retry(reason: "a"), .retry(reason: "b")]) { _ in false }
        #expect(plan.ackUpTo == nil && plan.requeues == [0, 1])
    }
}
