import Foundation
import ServiceKit
import SupportDeskService

// RBN_DESK_ADMINS: broker users (comma-separated) that are the desk's admins before any agent is saved.
let admins = Set(
    (ProcessInfo.processInfo.environment["RBN_DESK_ADMINS"] ?? "").split(separator: ",")
        .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
await ServiceRuntime.main(SupportDeskService.definition(admins: admins))
