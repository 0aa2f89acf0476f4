import CAMQP
import Foundation

/// Conversion of field tables between Swift (``AMQPTable``) and rabbitmq-c (`amqp_table_t`).
enum CFieldTable {
    static func encode(_ table: AMQPTable, in arena: CArena) -> amqp_table_t {
        guard !table.isEmpty else { return amqp_table_t(num_entries: 0, entries: nil) }
        let entries = arena.allocate(amqp_table_entry_t.self, count: table.count)
        for (i, (key, value)) in table.sorted(by: { $0.key < $1.key }).enumerated() {
            entries[i] = amqp_table_entry_t(key: arena.bytes(key), value: encode(value, in: arena))
        }
        return amqp_table_t(num_entries: Int32(table.count), entries: entries)
    }

    static func encode(_ value: AMQPFieldValue, in arena: CArena) -> amqp_field_value_t {
        var v = amqp_field_value_t()
        func kind(_ k: amqp_field_value_kind_t) { v.kind = UInt8(k.rawValue) }
        switch value {
        case .bool(let b): kind(AMQP_FIELD_KIND_BOOLEAN); v.value.boolean = b ? 1 : 0
        case .int8(let n): kind(AMQP_FIELD_KIND_I8); v.value.i8 = n
        case .uint8(let n): kind(AMQP_FIELD_KIND_U8); v.value.u8 = n
        case .int16(let n): kind(AMQP_FIELD_KIND_I16); v.value.i16 = n
        case .uint16(let n): kind(AMQP_FIELD_KIND_U16); v.value.u16 = n
        case .int32(let n): kind(AMQP_FIELD_KIND_I32); v.value.i32 = n
        case .uint32(let n): kind(AMQP_FIELD_KIND_U32); v.value.u32 = n
        case .int64(let n): kind(AMQP_FIELD_KIND_I64); v.value.i64 = n
        case .uint64(let n): kind(AMQP_FIELD_KIND_U64); v.value.u64 = n
        case .float(let f): kind(AMQP_FIELD_KIND_F32); v.value.f32 = f
        case .double(let d): kind(AMQP_FIELD_KIND_F64); v.value.f64 = d
        case .decimal(let scale, let n):
            kind(AMQP_FIELD_KIND_DECIMAL); v.value.decimal = amqp_decimal_t(decimals: scale, value: n)
        case .string(let s): kind(AMQP_FIELD_KIND_UTF8); v.value.bytes = arena.bytes(s)
        case .bytes(let b): kind(AMQP_FIELD_KIND_BYTES); v.value.bytes = arena.bytes(b)
        case .timestamp(let d):
            kind(AMQP_FIELD_KIND_TIMESTAMP); v.value.u64 = UInt64(max(0, d.timeIntervalSince1970))
        case .array(let items):
            kind(AMQP_FIELD_KIND_ARRAY)
            let entries = arena.allocate(amqp_field_value_t.self, count: items.count)
            for (i, item) in items.enumerated() { entries[i] = encode(item, in: arena) }
            v.value.array = amqp_array_t(num_entries: Int32(items.count), entries: items.isEmpty ? nil : entries)
        case .table(let t): kind(AMQP_FIELD_KIND_TABLE); v.value.table = encode(t, in: arena)
        case .void: kind(AMQP_FIELD_KIND_VOID)
        }
        return v
    }

    static func decode(_ table: amqp_table_t) -> AMQPTable {
        guard table.num_entries > 0, let entries = table.entries else { return [:] }
        var out: AMQPTable = [:]
        out.reserveCapacity(Int(table.num_entries))
        for i in 0..<Int(table.num_entries) {
            out[entries[i].key.string] = decode(entries[i].value)
        }
        return out
    }

    static func decode(_ v: amqp_field_value_t) -> AMQPFieldValue {
        switch UInt32(v.kind) {
        case AMQP_FIELD_KIND_BOOLEAN.rawValue: .bool(v.value.boolean != 0)
        case AMQP_FIELD_KIND_I8.rawValue: .int8(v.value.i8)
        case AMQP_FIELD_KIND_U8.rawValue: .uint8(v.value.u8)
        case AMQP_FIELD_KIND_I16.rawValue: .int16(v.value.i16)
        case AMQP_FIELD_KIND_U16.rawValue: .uint16(v.value.u16)
        case AMQP_FIELD_KIND_I32.rawValue: .int32(v.value.i32)
        case AMQP_FIELD_KIND_U32.rawValue: .uint32(v.value.u32)
        case AMQP_FIELD_KIND_I64.rawValue: .int64(v.value.i64)
        case AMQP_FIELD_KIND_U64.rawValue: .uint64(v.value.u64)
        case AMQP_FIELD_KIND_F32.rawValue: .float(v.value.f32)
        case AMQP_FIELD_KIND_F64.rawValue: .double(v.value.f64)
        case AMQP_FIELD_KIND_DECIMAL.rawValue: .decimal(scale: v.value.decimal.decimals, value: v.value.decimal.value)
        case AMQP_FIELD_KIND_UTF8.rawValue: .string(v.value.bytes.string)
        case AMQP_FIELD_KIND_BYTES.rawValue: .bytes(v.value.bytes.array)
        case AMQP_FIELD_KIND_TIMESTAMP.rawValue: .timestamp(Date(timeIntervalSince1970: TimeInterval(v.value.u64)))
        case AMQP_FIELD_KIND_ARRAY.rawValue:
            .array((0..<Int(v.value.array.num_entries)).map { decode(v.value.array.entries[$0]) })
        case AMQP_FIELD_KIND_TABLE.rawValue: .table(decode(v.value.table))
        default: .void
        }
    }
}
