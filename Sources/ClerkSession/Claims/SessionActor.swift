/// The impersonator behind a session (`act`).
public struct SessionActor: Sendable, Hashable {
    /// The impersonator's id (`act.sub`).
    public let subject: String
    public let sessionID: String?
    public let issuer: String?
    /// E.g. `agent`.
    public let type: String?
}
