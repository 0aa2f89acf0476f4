import Foundation

/// Template values as JSON in the store (reminders, digest items): text, flags and lists.
enum StoredValues {
    static func encode(_ values: [String: TemplateValue]) throws -> String {
        func plain(_ v: TemplateValue) -> Any {
            switch v {
            case .text(let t): t
            case .flag(let b): b
            case .list(let items): items.map { $0.mapValues(plain) }
            }
        }
        let data = try JSONSerialization.data(withJSONObject: values.mapValues(plain), options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    static func decode(_ text: String) throws -> [String: TemplateValue] {
        func value(_ any: Any) -> TemplateValue {
            if let s = any as? String { return .text(s) }
            if let b = any as? Bool { return .flag(b) }
            if let items = any as? [[String: Any]] { return .list(items.map { $0.mapValues(value) }) }
            return .text("\(any)")
        }
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
        return object.mapValues(value)
    }
}
