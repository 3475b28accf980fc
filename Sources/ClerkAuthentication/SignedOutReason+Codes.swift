import ClerkSession

extension SignedOutReason {
    /// No bearer token and no `__session` cookie.
    public static let sessionTokenMissing = "session-token-missing"
    /// `__client_uat` is `0`: the client signed out.
    public static let clientUATSignedOut = "client-uat-signed-out"
    /// The session cookie was issued before the client's last sign-in change (`__client_uat`).
    public static let issuedBeforeClientUAT = "session-token-iat-before-client-uat"
    /// The token expired and the request is not a `GET`: not refreshed.
    public static let refreshNotGET = "refresh-non-eligible-non-get"
    /// The token expired and there is no refresh cookie.
    public static let refreshNoCookie = "refresh-non-eligible-no-refresh-cookie"
    /// The token expired and no backend (secret key) is configured.
    public static let refreshNoBackend = "refresh-missing-api-client"
    /// The expired token has no `sid`.
    public static let refreshNoSessionID = "refresh-expired-session-token-missing-sid-claim"
    /// The request has no `Host` to derive its origin from.
    public static let refreshNoOrigin = "refresh-missing-request-origin"
    /// Clerk refused the refresh (a 4xx other than 429): sign in again.
    public static let refreshRejected = "refresh-rejected"
    /// Clerk refused this session and refresh cookie a moment ago; no call was made.
    public static let refreshRejectedRecently = "refresh-rejected-recently"
    /// The session spent its refresh calls for this minute; no call was made.
    public static let refreshRateLimited = "refresh-rate-limited"
    /// Too many refresh calls are in flight; no call was made.
    public static let refreshOverloaded = "refresh-overloaded"
    /// The refresh call failed (transport, timeout, 5xx, 429).
    public static let refreshFailed = "refresh-fetch-error"
    /// The refresh answer carried no `__session` cookie.
    public static let refreshUnexpectedAnswer = "refresh-unexpected-bapi-error"
    /// The refreshed token did not verify locally.
    public static let refreshInvalidToken = "refresh-invalid-session-token"
    /// Clerk's deprecated verify endpoint refused the token (legacy compatibility only).
    public static let legacyVerifyRejected = "legacy-verify-rejected"
    /// Clerk's deprecated verify endpoint refused this token a moment ago; no call was made.
    public static let legacyVerifyRejectedRecently = "legacy-verify-rejected-recently"

    /// Every reason code of the authenticator's own (the verification codes of
    /// ``ClerkVerificationError/Code/allDocumented`` are reasons too), as the README lists them.
    public static let allDocumentedCodes: [String] = [
        sessionTokenMissing, clientUATSignedOut, issuedBeforeClientUAT,
        refreshNotGET, refreshNoCookie, refreshNoBackend, refreshNoSessionID, refreshNoOrigin,
        refreshRejected, refreshRejectedRecently, refreshRateLimited, refreshOverloaded, refreshFailed,
        refreshUnexpectedAnswer, refreshInvalidToken, legacyVerifyRejected, legacyVerifyRejectedRecently,
    ]
}
