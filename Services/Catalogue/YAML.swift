import Foundation

/// A YAML document as generated files need it: maps keep their order, every string is quoted (a
/// JSON string is a valid YAML double-quoted scalar), so nothing is read as a number or a boolean.
public indirect enum YAML: Sendable, Equatable, ExpressibleByStringLiteral {
    case map([(String, YAML)])
    case list([YAML])
    case string(String)
    case number(Int)
    case bool(Bool)

    public init(stringLiteral value: String) { self = .string(value) }

    public static func == (a: YAML, b: YAML) -> Bool { a.text == b.text }

    /// The document's text, two spaces an indent.
    public var text: String {
        var out = ""
        write(to: &out, indent: 0)
        return out
    }

    private func write(to out: inout String, indent: Int) {
        let pad = String(repeating: " ", count: indent)
        switch self {
        case .map(let pairs) where pairs.isEmpty: out += "\(pad){}\n"
        case .list(let items) where items.isEmpty: out += "\(pad)[]\n"
        case .map(let pairs):
            for (key, value) in pairs {
                out += "\(pad)\(Self.key(key)):"
                value.writeValue(to: &out, indent: indent)
            }
        case .list(let items):
            for item in items {
                out += "\(pad)-"
                item.writeValue(to: &out, indent: indent)
            }
        default: out += pad + scalar + "\n"
        }
    }

    /// A value after its key or dash: a scalar or an empty collection on the same line, anything
    /// else on the lines below, indented.
    private func writeValue(to out: inout String, indent: Int) {
        switch self {
        case .map(let pairs) where !pairs.isEmpty:
            out += "\n"
            write(to: &out, indent: indent + 2)
        case .list(let items) where !items.isEmpty:
            out += "\n"
            write(to: &out, indent: indent + 2)
        case .map: out += " {}\n"
        case .list: out += " []\n"
        default: out += " \(scalar)\n"
        }
    }

    private var scalar: String {
        switch self {
        case .string(let s): Self.quoted(s)
        case .number(let n): String(n)
        case .bool(let b): b ? "true" : "false"
        case .map, .list: ""
        }
    }

    /// Keys made only of safe characters stay bare; others are quoted.
    private static func key(_ k: String) -> String {
        let safe =
            !k.isEmpty && !k.hasPrefix("-")
            && k.unicodeScalars.allSatisfy {
                $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "_-./$".unicodeScalars.contains($0))
            }
        return safe ? k : quoted(k)
    }

    private static func quoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case _ where u.value < 0x20: out += String(format: "\\u%04X", u.value)
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }
}
