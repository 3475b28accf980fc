/// A `fea` or `pla` claim split by scope, Clerk's `splitByScope`: comma-separated `scope:name` entries,
/// trimmed, where scope `o` is the organization's, `u` the user's, `ou`/`uo` both, and any other scope
/// is ignored. An entry without a colon makes the whole claim malformed (Clerk throws, and `has()` fails).
struct ScopedClaimList {
    var organization: [ArraySlice<UInt8>] = []
    var user: [ArraySlice<UInt8>] = []

    /// The split claim, or nil when an entry has no colon.
    init?(_ claim: ArraySlice<UInt8>) {
        for piece in AuthorizationText.split(claim, AuthorizationText.comma) {
            let part = AuthorizationText.trim(piece)
            guard let colon = part.firstIndex(of: AuthorizationText.colon) else { return nil }
            let scope = part[..<colon]
            let value = part[(colon + 1)...]
            if scope.elementsEqual("o".utf8) {
                organization.append(value)
            } else if scope.elementsEqual("u".utf8) {
                user.append(value)
            } else if scope.elementsEqual("ou".utf8) || scope.elementsEqual("uo".utf8) {
                organization.append(value)
                user.append(value)
            }
        }
    }

    /// Clerk's `checkForFeatureOrPlan` on this list: `wanted` is `scope:id` (the first two pieces of a
    /// split on `:`, scope `o`, `org`, `organization`, `u` or `user`) or a bare id found in either list.
    /// An unknown scope is not held (Clerk throws, and `has()` fails). As in Clerk, an empty id after a
    /// scope falls back to the scope text itself (`o:` looks up `o`).
    func contains(_ wanted: String) -> Bool {
        let pieces = AuthorizationText.split(Array(wanted.utf8)[...], AuthorizationText.colon)
        let rawScope = pieces[0]
        guard pieces.count > 1 else {
            return organization.contains { $0.elementsEqual(rawScope) } || user.contains { $0.elementsEqual(rawScope) }
        }
        let id = pieces[1].isEmpty ? rawScope : pieces[1]
        if rawScope.elementsEqual("o".utf8) || rawScope.elementsEqual("org".utf8)
            || rawScope.elementsEqual("organization".utf8)
        {
            return organization.contains { $0.elementsEqual(id) }
        }
        if rawScope.elementsEqual("u".utf8) || rawScope.elementsEqual("user".utf8) {
            return user.contains { $0.elementsEqual(id) }
        }
        return false
    }
}
