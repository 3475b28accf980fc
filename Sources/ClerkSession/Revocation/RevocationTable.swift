/// An immutable set of revocations, published whole by ``InMemoryRevocationList`` and read without a lock.
///
/// Keyed by a 64-bit FNV-1a hash of the id's bytes (so a lookup allocates nothing), with the bytes kept to
/// rule out collisions.
final class RevocationTable: Sendable {
    struct Entry: Sendable {
        let id: [UInt8]
        let revocation: SessionRevocation
        /// After this instant no token the entry could refuse can still be valid: the entry may go.
        let expiresAt: Double
    }

    let sessions: [UInt64: [Entry]]
    let users: [UInt64: [Entry]]
    let count: Int

    init(sessions: [UInt64: [Entry]], users: [UInt64: [Entry]]) {
        self.sessions = sessions
        self.users = users
        self.count = sessions.values.reduce(0) { $0 + $1.count } + users.values.reduce(0) { $0 + $1.count }
    }

    static let empty = RevocationTable(sessions: [:], users: [:])

    /// FNV-1a over the bytes: cheap, allocation-free, and only a bucket index (the bytes decide).
    @inline(__always)
    static func hash<C: Collection<UInt8>>(_ bytes: C) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            h ^= UInt64(byte)
            h &*= 0x0000_0100_0000_01b3
        }
        return h
    }

    func lookup(sessionID: ArraySlice<UInt8>?, userID: ArraySlice<UInt8>?, issuedAt: Double?) -> SessionRevocation? {
        if let sessionID, !sessions.isEmpty, let bucket = sessions[Self.hash(sessionID)] {
            for entry in bucket where entry.id.elementsEqual(sessionID) { return entry.revocation }
        }
        if let userID, !users.isEmpty, let bucket = users[Self.hash(userID)] {
            for entry in bucket where entry.id.elementsEqual(userID) {
                // A token without iat cannot show it was issued after the user's revocation.
                if (issuedAt ?? -Double.infinity) <= entry.revocation.at { return entry.revocation }
            }
        }
        return nil
    }
}
