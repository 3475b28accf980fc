import ClerkSession

/// Which organization a URL means (Clerk's `organizationSyncOptions`): a signed-in page load whose path
/// names another organization than the session's active one (or the personal account while an organization
/// is active) goes through one handshake that activates it (`active-organization-mismatch`), and every
/// handshake URL carries `organization_id` for such a path.
///
/// Patterns are path patterns as Clerk's SDK writes them (path-to-regexp): literal segments, `:id` or
/// `:slug` for one segment, `:name` for any other one-segment parameter, and `(.*)` or `*` for the rest of
/// the path. For example `["/orgs/:slug", "/orgs/:slug/(.*)"]` and `["/me", "/me/(.*)"]`. A parameter
/// `id` names an organization by id, `slug` by slug.
public struct ClerkOrganizationSync: Sendable, Hashable {
    /// Paths that name an organization (with `:id` or `:slug`).
    public var organizationPatterns: [String]
    /// Paths that mean the personal account (no active organization).
    public var personalAccountPatterns: [String]

    /// Organization sync with these patterns.
    public init(organizationPatterns: [String] = [], personalAccountPatterns: [String] = []) {
        self.organizationPatterns = organizationPatterns
        self.personalAccountPatterns = personalAccountPatterns
    }

    /// What a path asks to activate.
    enum Target: Equatable {
        case organizationID(String)
        case organizationSlug(String)
        case personalAccount

        /// The `organization_id` query value of the handshake: the id or slug, empty for the personal account.
        var queryValue: String {
            switch self {
            case .organizationID(let id): id
            case .organizationSlug(let slug): slug
            case .personalAccount: ""
            }
        }
    }

    /// Checks that every pattern parses.
    func validate() throws(ClerkVerificationError) {
        for pattern in organizationPatterns + personalAccountPatterns where PathPattern(pattern) == nil {
            throw ClerkVerificationError(
                .configurationInvalid, "organization sync pattern \"\(pattern)\" is not a path pattern (/a/:slug/(.*))")
        }
    }

    /// The target of `path` (percent-encoded, as in the request), or nil: organization patterns first.
    func target(path: String) -> Target? {
        for pattern in organizationPatterns {
            guard let parameters = PathPattern(pattern)?.match(path) else { continue }
            if let id = parameters.first(where: { $0.name.utf8.elementsEqual("id".utf8) })?.value {
                return .organizationID(id)
            }
            if let slug = parameters.first(where: { $0.name.utf8.elementsEqual("slug".utf8) })?.value {
                return .organizationSlug(slug)
            }
        }
        for pattern in personalAccountPatterns where PathPattern(pattern)?.match(path) != nil {
            return .personalAccount
        }
        return nil
    }

    /// Whether `target` differs from what `session` has active (Clerk's `handleMaybeOrganizationSyncHandshake`).
    static func mustActivate(_ target: Target, _ session: VerifiedSession) -> Bool {
        let organization = session.organization
        switch target {
        case .organizationID(let id):
            return !(organization?.id.utf8.elementsEqual(id.utf8) ?? false)
        case .organizationSlug(let slug):
            return !(organization?.slug?.utf8.elementsEqual(slug.utf8) ?? false)
        case .personalAccount:
            return organization != nil
        }
    }
}

/// A path pattern: literal segments, one-segment parameters (`:name`) and a trailing rest (`(.*)`, `*`,
/// `*name` or `{*name}`). Matches a whole path; parameters are percent-decoded.
struct PathPattern: Sendable {
    enum Part: Sendable {
        case literal(String)
        case parameter(String)
        case rest
    }

    let parts: [Part]

    init?(_ pattern: String) {
        guard pattern.hasPrefix("/") else { return nil }
        var parts: [Part] = []
        let segments = pattern.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        for (index, segment) in segments.enumerated() {
            let isLast = index == segments.count - 1
            if segment == "(.*)" || segment == "*" || segment.hasPrefix("{*")
                || (segment.hasPrefix("*") && segment.count > 1)
            {
                guard isLast else { return nil }
                parts.append(.rest)
            } else if segment.hasPrefix(":") {
                let name = segment.dropFirst()
                guard !name.isEmpty, name.utf8.allSatisfy({ Self.isNameByte($0) }) else { return nil }
                parts.append(.parameter(String(name)))
            } else {
                guard !segment.contains(":"), !segment.contains("("), !segment.contains("*") else { return nil }
                parts.append(.literal(String(segment)))
            }
        }
        self.parts = parts
    }

    static func isNameByte(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
            || byte == UInt8(ascii: "_")
    }

    /// The parameters when `path` matches the whole pattern, else nil.
    func match(_ path: String) -> [(name: String, value: String)]? {
        guard path.hasPrefix("/") else { return nil }
        let segments = path.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        var parameters: [(name: String, value: String)] = []
        var index = 0
        for part in parts {
            switch part {
            case .rest:
                // `/a/(.*)` needs the slash before the rest: `/a/` and `/a/b/c` match, `/a` does not.
                return index < segments.count ? parameters : nil
            case .literal(let text):
                guard index < segments.count, segments[index].utf8.elementsEqual(text.utf8) else { return nil }
            case .parameter(let name):
                guard index < segments.count, !segments[index].isEmpty else { return nil }
                parameters.append((name, ClerkURL.decode(String(segments[index]))))
            }
            index += 1
        }
        // A trailing slash is allowed, nothing more.
        if index == segments.count { return parameters }
        if index == segments.count - 1, segments[index].isEmpty { return parameters }
        return nil
    }
}
