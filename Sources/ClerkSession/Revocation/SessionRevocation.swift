/// One fact that ends tokens: a session is over, or a user's tokens issued until a moment are void.
///
/// Revocations only ever add up: nothing un-revokes a session, so deliveries that arrive late or out of order
/// (a `session.created` after its `session.revoked`) cannot bring a session back.
public struct SessionRevocation: Sendable, Hashable, CustomStringConvertible {
    /// What is revoked.
    public enum Subject: Sendable, Hashable {
        /// Every token of this session (`sid`): revoked, ended or removed sessions.
        case session(String)
        /// Every token of this user (`sub`) issued at or before ``SessionRevocation/at``: a deleted or banned user.
        case user(String)
    }

    /// What is revoked.
    public let subject: Subject
    /// When, in seconds since 1970: for a user, tokens with `iat` at or before it are refused.
    public let at: Double

    /// A revocation of `subject` at `at`.
    public init(_ subject: Subject, at: Double) {
        self.subject = subject
        self.at = at
    }

    /// `session sess_… at 1700000000` or `user user_… at …` (ids are not secrets).
    public var description: String {
        switch subject {
        case .session(let id): "session \(id) at \(Int(at))"
        case .user(let id): "user \(id) at \(Int(at))"
        }
    }

    /// Byte equality of the ids (never Unicode-canonical `String ==`).
    public static func == (a: Self, b: Self) -> Bool {
        guard a.at == b.at else { return false }
        switch (a.subject, b.subject) {
        case (.session(let x), .session(let y)), (.user(let x), .user(let y)): return x.utf8.elementsEqual(y.utf8)
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch subject {
        case .session(let id):
            hasher.combine(0)
            for byte in id.utf8 { hasher.combine(byte) }
        case .user(let id):
            hasher.combine(1)
            for byte in id.utf8 { hasher.combine(byte) }
        }
        hasher.combine(at)
    }
}
