extension String {
    /// The string, or nil when it is empty: for optional text a person may leave out.
    public var nonEmpty: String? { isEmpty ? nil : self }
}

extension Array {
    /// The array, or nil when it is empty (an optional list in a message is left out when empty).
    public var emptyAsNil: [Element]? { isEmpty ? nil : self }
}
