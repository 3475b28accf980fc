/// Who a request is: a session (a signed-in user in a browser or app) or a machine caller.
///
/// ```swift
/// switch identity {
/// case .session(let session): print("user", session.userID)
/// case .machine(let machine): print(machine.kind, machine.subject)
/// }
/// ```
public enum ClerkIdentity: Sendable {
    /// A verified session token.
    case session(VerifiedSession)
    /// A verified machine token (M2M token, API key or OAuth access token).
    case machine(MachineIdentity)

    /// The kind of token that proved the identity.
    public var kind: ClerkTokenKind {
        switch self {
        case .session: .sessionToken
        case .machine(let machine): machine.kind
        }
    }

    /// The session, for a session token.
    public var session: VerifiedSession? {
        if case .session(let session) = self { session } else { nil }
    }

    /// The machine identity, for a machine token.
    public var machine: MachineIdentity? {
        if case .machine(let machine) = self { machine } else { nil }
    }

    /// The subject: the user id of a session, the ``MachineIdentity/subject`` of a machine token.
    public var subject: String {
        switch self {
        case .session(let session): session.userID
        case .machine(let machine): machine.subject
        }
    }
}
