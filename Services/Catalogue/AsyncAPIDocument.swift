import Contracts
import Messaging
import ServiceKit

/// `docs/asyncapi.yaml`: the suite's messaging as an AsyncAPI 3.0 document, generated from the
/// catalogue, the message types and what each service's handlers take.
///
/// - Channels: a commands channel per service (`rbn.commands`, routing key the service's name),
///   an events channel per event type (`rbn.events`, routing key `<service>.<aggregate>.<name>`),
///   and the replies channel (RabbitMQ's direct reply-to).
/// - Operations: each service answers its commands and queries (with their replies), publishes
///   the events of its namespace and consumes the events its handlers take. An operation takes
///   every message of its channel, so it lists none of its own (AsyncAPI 3.0, Operation Object).
/// - Messages: the CloudEvents envelope (structured JSON mode) with `data` a `$ref` to the
///   message's JSON Schema in Shared/Contracts/Schemas, and the AMQP properties that mirror it.
public enum AsyncAPIDocument {
    /// From docs/, where the document lives, to the schema files.
    static let schemas = "../Shared/Contracts/Schemas"

    public static func yaml(_ suite: [(service: SuiteService, definition: ServiceDefinition)]) throws -> String {
        try document(suite).text
    }

    /// A message type as a key of `components.messages`: the type without its prefix, with
    /// underscores for dots (keys of channel messages are letters, digits, `-` and `_`).
    static func key(_ type: MessageType) -> String {
        id(String(type.rawValue.dropFirst(MessageType.prefix.count)))
    }

    /// A name as a key of channels, operations and messages.
    static func id(_ name: String) -> String { name.replacingOccurrences(of: ".", with: "_") }

    /// A message of the catalogue that no service consumes, answers or whose namespace is no service's.
    public struct Unplaced: Error, CustomStringConvertible {
        public let types: [String]
        public var description: String {
            "messages that are neither a service's request, a reply, nor an event of a service: "
                + types.joined(separator: ", ")
        }
    }

    static func document(_ suite: [(service: SuiteService, definition: ServiceDefinition)]) throws -> YAML {
        let all = SuiteCatalogue.messages
        let summaries = Dictionary(all.map { ($0.messageType, $0.summary) }) { a, _ in a }
        let handled = suite.map { ($0.service, $0.definition.handledMessages) }
        let requests = Set(handled.flatMap { $0.1.filter { $0.kind != .event }.map(\.type) })
        let replies = Set(handled.flatMap { $0.1.compactMap(\.reply) })
        let consumed = Set(handled.flatMap { $0.1.filter { $0.kind == .event }.map(\.type) })
        // An event: taken by some service as one, or any other message of a service's namespace.
        let names = Set(suite.map(\.service.name))
        let events = all.map { $0.messageType }.filter {
            consumed.contains($0) || (!requests.contains($0) && !replies.contains($0) && names.contains($0.service))
        }
        let unplaced = all.map { $0.messageType }.filter {
            !requests.contains($0) && !replies.contains($0) && !events.contains($0)
        }
        guard unplaced.isEmpty else { throw Unplaced(types: unplaced.map(\.rawValue)) }

        var channels: [(String, YAML)] = []
        var operations: [(String, YAML)] = []
        func refs(_ types: [MessageType], in channel: String) -> YAML {
            .list(types.map { .map([("$ref", .string("#/channels/\(channel)/messages/\(key($0))"))]) })
        }
        func messages(_ types: [MessageType]) -> YAML {
            .map(types.map { (key($0), .map([("$ref", .string("#/components/messages/\(key($0))"))])) })
        }

        let replyTypes = replies.sorted { $0.rawValue < $1.rawValue }
        channels.append(
            (
                "replies",
                .map([
                    ("address", .string("amq.rabbitmq.reply-to")),
                    ("title", "Replies"),
                    (
                        "description",
                        "RabbitMQ's direct reply-to: a request names it in reply_to, and its answer comes back on the requester's channel."
                    ),
                    ("messages", messages(replyTypes)),
                    ("bindings", amqpBinding(exchange: "", kind: "direct")),
                ])
            ))
        for (service, definition) in suite {
            let own = definition.handledMessages
            let asked = own.filter { $0.kind != .event }
            let channel = id(RBNTopology.commandsQueue(service.name))
            channels.append(
                (
                    channel,
                    .map([
                        ("address", .string(service.name)),
                        ("title", .string("\(service.executable): commands and queries")),
                        (
                            "description",
                            .string(
                                "Requests to \(service.executable) (\(service.summary)), on its queue \(RBNTopology.commandsQueue(service.name))."
                            )
                        ),
                        ("messages", messages(asked.map(\.type))),
                        ("bindings", amqpBinding(exchange: RBNTopology.commandsExchange, kind: "direct")),
                    ])
                ))
            let answers = Array(Set(asked.compactMap(\.reply))).sorted { $0.rawValue < $1.rawValue }
            operations.append(
                (
                    id("\(service.name).answer"),
                    .map([
                        ("action", "receive"),
                        ("channel", .map([("$ref", .string("#/channels/\(channel)"))])),
                        ("summary", .string("\(service.executable) answers its commands and queries.")),
                        (
                            "reply",
                            .map([
                                ("address", .map([("location", "$message.header#/reply_to")])),
                                ("channel", .map([("$ref", "#/channels/replies")])),
                                ("messages", refs(answers, in: "replies")),
                            ])
                        ),
                    ])
                ))
        }
        for event in events {
            let channel = id("events.\(event.eventRoutingKey)")
            channels.append(
                (
                    channel,
                    .map([
                        ("address", .string(event.eventRoutingKey)),
                        ("title", .string("\(event.service) event \(event.aggregate).\(event.name)")),
                        ("messages", messages([event])),
                        ("bindings", amqpBinding(exchange: RBNTopology.eventsExchange, kind: "topic")),
                    ])
                ))
            if let publisher = suite.first(where: { $0.service.name == event.service })?.service {
                operations.append(
                    (
                        id("\(publisher.name).publish.\(event.eventRoutingKey)"),
                        .map([
                            ("action", "send"),
                            ("channel", .map([("$ref", .string("#/channels/\(channel)"))])),
                        ])
                    ))
            }
            for (service, list) in handled where list.contains(where: { $0.kind == .event && $0.type == event }) {
                operations.append(
                    (
                        id("\(service.name).consume.\(event.eventRoutingKey)"),
                        .map([
                            ("action", "receive"),
                            ("channel", .map([("$ref", .string("#/channels/\(channel)"))])),
                            ("summary", .string("on its queue \(RBNTopology.eventsQueue(service.name))")),
                        ])
                    ))
            }
        }

        let components: YAML = .map([
            (
                "messages",
                .map(
                    all.map { type in
                        (key(type.messageType), message(type.messageType, summary: summaries[type.messageType] ?? ""))
                    })
            ),
            ("schemas", .map([("AMQPProperties", amqpProperties)])),
            (
                "correlationIds",
                .map([
                    (
                        "request",
                        .map([
                            (
                                "description",
                                "The id of the request a reply answers, or of the message that caused an event."
                            ),
                            ("location", "$message.header#/correlation_id"),
                        ])
                    )
                ])
            ),
        ])
        return .map([
            ("asyncapi", "3.0.0"),
            (
                "info",
                .map([
                    ("title", "rbn: Regionale Bildungsnetzwerke NRW"),
                    ("version", .string(RBNVersion.current)),
                    (
                        "description",
                        "Every channel, operation and message of the suite's services on RabbitMQ. Generated from the service catalogue and the message types by `make definitions`; a test keeps it current. Each service and CLI logs in as its own broker user, with rights only to what is listed here (deploy/rabbitmq/definitions.json)."
                    ),
                ])
            ),
            ("defaultContentType", .string(EnvelopeAttributes.contentType)),
            (
                "servers",
                .map([
                    (
                        "local",
                        .map([
                            ("host", "127.0.0.1:5672"),
                            ("protocol", "amqp"),
                            ("protocolVersion", "0.9.1"),
                            ("description", "The broker `make run` starts."),
                        ])
                    ),
                    (
                        "installation",
                        .map([
                            ("host", "{host}:5671"),
                            ("protocol", "amqps"),
                            ("protocolVersion", "0.9.1"),
                            ("description", "An installation's broker over TLS (docs/operations.md)."),
                            ("variables", .map([("host", .map([("description", "the broker's host name")]))])),
                        ])
                    ),
                ])
            ),
            ("channels", .map(channels)),
            ("operations", .map(operations)),
            ("components", components),
        ])
    }

    static func amqpBinding(exchange: String, kind: String) -> YAML {
        .map([
            (
                "amqp",
                .map([
                    ("is", "routingKey"),
                    (
                        "exchange",
                        .map([
                            ("name", .string(exchange)), ("type", .string(kind)), ("durable", .bool(true)),
                            ("autoDelete", .bool(false)), ("vhost", "/"),
                        ])
                    ),
                    ("bindingVersion", "0.3.0"),
                ])
            )
        ])
    }

    static func message(_ type: MessageType, summary: String) -> YAML {
        .map([
            ("name", .string(type.rawValue)),
            ("title", .string("\(type.service) \(type.aggregate).\(type.name) v\(type.version)")),
            ("summary", .string(summary)),
            ("contentType", .string(EnvelopeAttributes.contentType)),
            ("headers", .map([("$ref", "#/components/schemas/AMQPProperties")])),
            ("correlationId", .map([("$ref", "#/components/correlationIds/request")])),
            (
                "payload",
                .map([
                    (
                        "allOf",
                        .list([
                            .map([("$ref", .string("\(schemas)/cloudevent.json"))]),
                            .map([
                                ("type", "object"),
                                ("required", .list(["data"])),
                                (
                                    "properties",
                                    .map([
                                        ("type", .map([("const", .string(type.rawValue))])),
                                        ("source", .map([("const", .string(type.source))])),
                                        ("dataschema", .map([("const", .string(type.dataSchema))])),
                                        ("data", .map([("$ref", .string("\(schemas)/\(type.rawValue).json"))])),
                                    ])
                                ),
                            ]),
                        ])
                    )
                ])
            ),
            (
                "bindings",
                .map([("amqp", .map([("messageType", .string(type.rawValue)), ("bindingVersion", "0.3.0")]))])
            ),
        ])
    }

    /// The AMQP properties every message carries, mirroring its CloudEvents attributes.
    static let amqpProperties: YAML = .map([
        ("type", "object"),
        (
            "description",
            "AMQP 0-9-1 properties set on every message from its CloudEvents attributes (EnvelopeCodec)."
        ),
        (
            "properties",
            .map([
                ("content_type", .map([("const", .string(EnvelopeAttributes.contentType))])),
                ("message_id", .map([("type", "string"), ("description", "the CloudEvents id")])),
                ("type", .map([("type", "string"), ("description", "the CloudEvents type")])),
                ("app_id", .map([("type", "string"), ("description", "the sending service")])),
                ("timestamp", .map([("type", "integer"), ("description", "the CloudEvents time, in seconds")])),
                ("correlation_id", .map([("type", "string"), ("description", "the CloudEvents correlationid")])),
                (
                    "reply_to",
                    .map([("type", "string"), ("description", "amq.rabbitmq.reply-to on a request that waits")])
                ),
                ("delivery_mode", .map([("const", .number(2)), ("description", "persistent")])),
            ])
        ),
    ])
}
