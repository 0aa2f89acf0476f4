import Foundation

/// Changes that were sent but not answered (a timeout), kept in
/// `$XDG_STATE_HOME/rbn/desk-pending.json` for a day.
///
/// Sending the same change again (same agent, same request) reuses the message id of the first
/// attempt, so the support desk's inbox recognises it: if the first attempt did arrive, the retry
/// gets its reply instead of acting a second time. Entries go as soon as any answer comes.
struct PendingRequests {
    struct Entry: Codable {
        var id: String
        var sentAt: Date
    }

    let path: String
    static let keepFor: TimeInterval = 86_400

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let base =
            environment["XDG_STATE_HOME"]?.nonEmpty
            ?? (environment["HOME"].map { "\($0)/.local/state" } ?? FileManager.default.temporaryDirectory.path)
        path = "\(base)/rbn/desk-pending.json"
    }

    /// The id to send a change under: the unanswered attempt's, or a new one (recorded).
    func id(for key: String, new: () -> String) -> String {
        var entries = load()
        if let e = entries[key] { return e.id }
        let id = new()
        entries[key] = Entry(id: id, sentAt: Date())
        save(entries)
        return id
    }

    /// The change was answered (done or refused): a later identical change is a new one.
    func answered(_ key: String) {
        var entries = load()
        guard entries.removeValue(forKey: key) != nil else { return }
        save(entries)
    }

    private func load() -> [String: Entry] {
        guard let data = FileManager.default.contents(atPath: path) else { return [:] }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let entries = (try? decoder.decode([String: Entry].self, from: data)) ?? [:]
        let cutoff = Date().addingTimeInterval(-Self.keepFor)
        return entries.filter { $0.value.sentAt > cutoff }
    }

    /// Best effort: without the file a retry is a new change, as it would be without this.
    private func save(_ entries: [String: Entry]) {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        guard let data = try? encoder.encode(entries) else { return }
        let dir = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(
            atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        _ = FileManager.default.createFile(atPath: path, contents: data, attributes: [.posixPermissions: 0o600])
    }
}
