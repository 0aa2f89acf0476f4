extension String {
    /// The string, or nil when it is empty: for optional text a person may leave out.
    public var nonEmpty: String? { isEmpty ? nil : self }
}
