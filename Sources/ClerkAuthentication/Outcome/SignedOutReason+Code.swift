import ClerkSession

extension SignedOutReason {
    /// A stable kebab-case reason code: one of the named members below, or the code of the
    /// ``ClerkSession/ClerkVerificationError`` behind the reason (``init(_:)``).
    ///
    /// Compare codes with `==` against the named members; log ``rawValue``. The set of the authenticator's
    /// own codes is ``allDocumented``.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String

        private init(name: String) { self.name = name }

        /// A verification error's code, as a signed-out reason (e.g. `token-expired`).
        public init(_ code: ClerkVerificationError.Code) { self.name = code.rawValue }

        /// The stable kebab-case text, e.g. `refresh-rejected`.
        public var rawValue: String { name }
        /// Same as ``rawValue``.
        public var description: String { name }

        /// No bearer token and no `__session` cookie.
        public static let sessionTokenMissing = Code(name: "session-token-missing")
        /// Only machine tokens are accepted and the `Authorization` header carries no token (machine tokens
        /// are never read from a cookie).
        public static let machineTokenMissing = Code(name: "machine-token-missing")
        /// `__client_uat` is `0`: the client signed out.
        public static let clientUATSignedOut = Code(name: "client-uat-signed-out")
        /// The session cookie was issued before the client's last sign-in change (`__client_uat`).
        public static let issuedBeforeClientUAT = Code(name: "session-token-iat-before-client-uat")
        /// The token expired and the request is not a `GET`: not refreshed.
        public static let refreshNotGET = Code(name: "refresh-non-eligible-non-get")
        /// The token expired and there is no refresh cookie.
        public static let refreshNoCookie = Code(name: "refresh-non-eligible-no-refresh-cookie")
        /// The token expired and no backend (secret key) is configured.
        public static let refreshNoBackend = Code(name: "refresh-missing-api-client")
        /// The expired token has no `sid`.
        public static let refreshNoSessionID = Code(name: "refresh-expired-session-token-missing-sid-claim")
        /// The request has no `Host` to derive its origin from.
        public static let refreshNoOrigin = Code(name: "refresh-missing-request-origin")
        /// Clerk refused the refresh (a 4xx other than 429): sign in again.
        public static let refreshRejected = Code(name: "refresh-rejected")
        /// Clerk refused this session and refresh cookie a moment ago; no call was made.
        public static let refreshRejectedRecently = Code(name: "refresh-rejected-recently")
        /// The session spent its refresh calls for this minute; no call was made.
        public static let refreshRateLimited = Code(name: "refresh-rate-limited")
        /// Too many refresh calls are in flight; no call was made.
        public static let refreshOverloaded = Code(name: "refresh-overloaded")
        /// The refresh call failed (transport, timeout, 5xx, 429).
        public static let refreshFailed = Code(name: "refresh-fetch-error")
        /// The refresh answer carried no `__session` cookie.
        public static let refreshUnexpectedAnswer = Code(name: "refresh-unexpected-bapi-error")
        /// The refreshed token did not verify locally.
        public static let refreshInvalidToken = Code(name: "refresh-invalid-session-token")
        /// Clerk's deprecated verify endpoint refused the token (legacy compatibility only).
        public static let legacyVerifyRejected = Code(name: "legacy-verify-rejected")
        /// Clerk's deprecated verify endpoint refused this token a moment ago; no call was made.
        public static let legacyVerifyRejectedRecently = Code(name: "legacy-verify-rejected-recently")

        /// The codes of a refresh that was tried or refused, in the order of the checks.
        public static let refreshCodes: [Code] = [
            refreshNotGET, refreshNoCookie, refreshNoBackend, refreshNoSessionID, refreshNoOrigin,
            refreshRejected, refreshRejectedRecently, refreshRateLimited, refreshOverloaded, refreshFailed,
            refreshUnexpectedAnswer, refreshInvalidToken,
        ]

        /// Every reason code of the authenticator's own (the verification codes of
        /// ``ClerkSession/ClerkVerificationError/Code/allDocumented`` are reasons too), as the README lists them.
        public static let allDocumented: [Code] =
            [sessionTokenMissing, machineTokenMissing, clientUATSignedOut, issuedBeforeClientUAT]
            + refreshCodes
            + [legacyVerifyRejected, legacyVerifyRejectedRecently]
            + browserCodes

        // MARK: Browser flows (Clerk's reason strings; ``ClerkBrowserFlows`` only)

        /// No session cookie and no `__client_uat` (or `0`): signed out, no handshake.
        public static let sessionTokenAndUATMissing = Code(name: "session-token-and-uat-missing")
        /// A session cookie but no `__client_uat` (or `0`): handshake.
        public static let sessionTokenButNoClientUAT = Code(name: "session-token-but-no-client-uat")
        /// `__client_uat` set but no session cookie: handshake.
        public static let clientUATButNoSessionToken = Code(name: "client-uat-but-no-session-token")
        /// A development instance without a dev-browser token (`__clerk_db_jwt`): handshake.
        public static let devBrowserMissing = Code(name: "dev-browser-missing")
        /// A development instance with `__clerk_db_jwt` in the query: handshake to sync it.
        public static let devBrowserSync = Code(name: "dev-browser-sync")
        /// A satellite's page load that needs its session synced from the primary domain.
        public static let satelliteNeedsSyncing = Code(name: "satellite-needs-syncing")
        /// A development primary sending a satellite back with its dev-browser token.
        public static let primaryRespondsToSyncing = Code(name: "primary-responds-to-syncing")
        /// A page load arriving from another site: handshake to pick up a newer session.
        public static let primaryDomainCrossOriginSync = Code(name: "primary-domain-cross-origin-sync")
        /// The session cookie's `nbf` is in the future: handshake.
        public static let sessionTokenNotBefore = Code(name: "session-token-nbf")
        /// The session cookie's `iat` is in the future: handshake.
        public static let sessionTokenIssuedInTheFuture = Code(name: "session-token-iat-in-the-future")
        /// Refresh is switched off (``ClerkRequestAuthenticator/Configuration/refreshesExpiredSessions``): the
        /// detail of `session-token-expired-refresh-disabled`.
        static let refreshDisabled = Code(name: "refresh-disabled")
        /// A signed-in page load whose URL names another organization (``ClerkOrganizationSync``): handshake.
        public static let activeOrganizationMismatch = Code(name: "active-organization-mismatch")
        /// The redirect that finishes a handshake in a development instance (signed in).
        public static let handshakeResolved = Code(name: "handshake-resolved")
        /// An error that is not a verification error (Clerk's `unexpected-error`).
        public static let unexpectedError = Code(name: "unexpected-error")

        /// Clerk's composite reason for an expired session cookie: `session-token-expired-refresh-<why>`,
        /// where `<why>` is the refresh code without its `refresh-` prefix (e.g.
        /// `non-eligible-no-refresh-cookie`), or `disabled` when refresh is switched off.
        public static func sessionTokenExpired(refresh: Code) -> Code {
            let detail = refresh.name.hasPrefix("refresh-") ? String(refresh.name.dropFirst(8)) : refresh.name
            return Code(name: "session-token-expired-refresh-\(detail)")
        }

        /// The browser-flow codes, in the order of Clerk's decision tree.
        public static let browserCodes: [Code] = [
            satelliteNeedsSyncing, primaryRespondsToSyncing, devBrowserSync, devBrowserMissing,
            sessionTokenAndUATMissing, sessionTokenButNoClientUAT, clientUATButNoSessionToken,
            sessionTokenNotBefore, sessionTokenIssuedInTheFuture, primaryDomainCrossOriginSync,
            activeOrganizationMismatch, handshakeResolved,
            unexpectedError,
        ]
    }
}
