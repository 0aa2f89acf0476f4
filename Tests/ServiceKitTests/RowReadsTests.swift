import Foundation
import GRDB
import ServiceKit
import Testing

/// Issue 22: hot rows read through a cursor and JSON columns decoded once per text, with the same
/// results as GRDB's `fetchOne`/`fetchAll` and a fresh decode.
@Suite("Row reads and decoded columns")
struct RowReadsTests {
    @Test func cursorReadsGiveWhatFetchGives() async throws {
        let store = try Store(directory: StoreTests.directory(), name: "t", migrations: StoreTests.v2)
        try await store.write { db in
            for (n, name) in [("193001", "Grundschule am Werreufer"), ("193002", "Gymnasium Leopoldinum")] {
                try db.execute(sql: "INSERT INTO schools (schulnummer, name) VALUES (?, ?)", arguments: [n, name])
            }
        }
        try await store.read { db in
            let one = try db.cachedStatement(sql: "SELECT * FROM schools WHERE schulnummer = ?")
            let viaCursor = try Row.first(one, arguments: ["193002"]) {
                "\($0["name"] as String)/\($0["SCHULFORM"] as String)"
            }
            let viaFetch = try Row.fetchOne(one, arguments: ["193002"]).map {
                "\($0["name"] as String)/\($0["schulform"] as String)"
            }
            #expect(viaCursor == "Gymnasium Leopoldinum/G")
            #expect(viaCursor == viaFetch)
            #expect(try Row.first(one, arguments: ["999999"]) { $0["name"] as String } == nil)
            let all = try db.cachedStatement(sql: "SELECT * FROM schools ORDER BY schulnummer")
            #expect(try Row.all(all) { $0["schulnummer"] as String } == ["193001", "193002"])
            #expect(try Row.all(all) { $0["schulnummer"] as String } == Row.fetchAll(all).map { $0["schulnummer"] })
        }
    }

    @Test func aTextDecodesToItsValueThroughChangesTheLimitAndForgetting() throws {
        struct Scope: Codable, Equatable, Sendable { var networks: [String] }
        let columns = DecodedColumns<Scope>(limit: 2)
        #expect(try columns.value(#"{"networks":["kreis-lippe"]}"#) == Scope(networks: ["kreis-lippe"]))
        #expect(try columns.value(#"{"networks":["kreis-lippe"]}"#) == Scope(networks: ["kreis-lippe"]))
        #expect(try columns.value(#"{"networks":["stadt-bielefeld"]}"#) == Scope(networks: ["stadt-bielefeld"]))
        // Past the limit it starts over, and forgetting keeps nothing: the values stay right.
        #expect(try columns.value(#"{"networks":[]}"#) == Scope(networks: []))
        columns.forgetAll()
        #expect(try columns.value(#"{"networks":["kreis-lippe"]}"#) == Scope(networks: ["kreis-lippe"]))
        #expect(throws: DecodingError.self) { try columns.value(#"{"networks":7}"#) }
    }
}
