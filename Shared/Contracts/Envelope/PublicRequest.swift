/// A command or query the public may make, through the portal: parents, schools and teachers on
/// the web pages. Services accept a `PublicRequest` from the operators and from the portal's broker
/// user, and every other request from the operators (or whom the service names) only.
///
/// The portal vouches for one thing: the e-mail address a signed link proved. So a public request
/// that acts on something a person owns (a registration, a ticket) carries that address, and the
/// service checks it against the owner; anything else in the request is the public's word, checked
/// like any outside input.
public protocol PublicRequest: MessagePayload {}
