import ClerkSession

extension ClerkWebhookEvent {
    /// The revocations this event implies, dated `receivedAt` (seconds since 1970):
    ///
    /// - `session.ended`, `session.removed`, `session.revoked`: the session (`data.id`);
    /// - `user.deleted`: the user (`data.id`), for tokens issued until then;
    /// - `user.updated` with `banned: true`: the same (Clerk revokes a banned user's sessions);
    /// - anything else, `session.created` and `session.pending` included: none. Nothing un-revokes, so a
    ///   late `session.created` cannot bring a revoked session back, and an unban only matters for tokens
    ///   issued after it, which the cutoff already lets through.
    ///
    /// `organizationMembership.deleted` revokes nothing: the session goes on, and its organization claims are
    /// at most one token lifetime (60 s) stale.
    public func revocations(receivedAt: Double) -> [SessionRevocation] {
        switch payload {
        case .session(let session) where ClerkWebhookEventType.terminalSessionTypes.contains(type):
            return [SessionRevocation(.session(session.id), at: receivedAt)]
        case .userDeleted(let object):
            guard let id = object.id, object.object.utf8.elementsEqual("user".utf8) else { return [] }
            return [SessionRevocation(.user(id), at: receivedAt)]
        case .userUpdated(let user) where user.banned:
            return [SessionRevocation(.user(user.id), at: receivedAt)]
        default:
            return []
        }
    }
}
