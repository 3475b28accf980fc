/// The one error type of token verification and key handling.
///
/// Every failure carries a stable, kebab-case ``code`` (Clerk's own reason names where they exist, such
/// as `token-expired` or `jwk-kid-mismatch`) and a ``message`` written for the person reading the log.
/// Switch on ``code``; never parse ``message``. No error ever contains a secret key or a whole token.
///
/// Failures fall in two families, told apart by ``isKeyUnavailable``:
/// - the token is bad (answer 401): everything but the `jwk-remote-*` and `jwk-failed-to-resolve` codes;
/// - the keys could not be obtained (answer 503): the token may be fine, but it cannot be judged now.
public struct ClerkVerificationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable reason code. Compare with the static members, e.g. `error.code == .tokenExpired`.
    public struct Code: Sendable, Hashable, CustomStringConvertible, RawRepresentable {
        /// The kebab-case text of the code, e.g. `token-expired`.
        public let rawValue: String
        /// Wraps a code text. Prefer the static members.
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The token is longer than the 8 KiB cap.
        public static let tokenTooLarge = Code(rawValue: "token-too-large")
        /// The token is not a compact JWS of three non-empty strict-base64url segments with strict JSON.
        public static let tokenMalformed = Code(rawValue: "token-invalid")
        /// The header `alg` is not exactly the configured algorithm (RS256).
        public static let tokenInvalidAlgorithm = Code(rawValue: "token-invalid-algorithm")
        /// The header carries `crit`; no critical extension is supported.
        public static let tokenUnsupportedCriticalHeader = Code(rawValue: "token-unsupported-critical-header")
        /// The header `typ` is present and not exactly `JWT`.
        public static let tokenInvalidType = Code(rawValue: "token-invalid-type")
        /// The header `cty` is present (nested tokens are not supported).
        public static let tokenUnsupportedContentType = Code(rawValue: "token-unsupported-content-type")
        /// The header `cat` names a category other than a session token (a JWT-template or M2M token).
        public static let tokenTypeMismatch = Code(rawValue: "token-type-mismatch")
        /// The header has no `kid` and the key source needs one.
        public static let tokenMissingKeyID = Code(rawValue: "token-missing-kid")
        /// The header `kid` is not a string of 1 to 256 characters.
        public static let tokenInvalidKeyID = Code(rawValue: "token-invalid-kid")
        /// No usable key of the issuer has the token's `kid`, even after a refresh.
        public static let keyIDMismatch = Code(rawValue: "jwk-kid-mismatch")
        /// The signature does not verify with the key named by `kid`.
        public static let tokenInvalidSignature = Code(rawValue: "token-invalid-signature")
        /// A required claim is absent.
        public static let tokenMissingClaim = Code(rawValue: "token-missing-claim")
        /// A claim has the wrong JSON type or an impossible value.
        public static let tokenInvalidClaim = Code(rawValue: "token-invalid-claim")
        /// `exp` is in the past (beyond the clock skew).
        public static let tokenExpired = Code(rawValue: "token-expired")
        /// `nbf` is in the future (beyond the clock skew).
        public static let tokenNotActiveYet = Code(rawValue: "token-not-active-yet")
        /// `iat` is in the future (beyond the clock skew).
        public static let tokenIssuedInTheFuture = Code(rawValue: "token-iat-in-the-future")
        /// `iss` is not exactly one of the configured issuers.
        public static let tokenInvalidIssuer = Code(rawValue: "token-invalid-issuer")
        /// `azp` is missing or not one of the configured authorized parties.
        public static let tokenInvalidAuthorizedParties = Code(rawValue: "token-invalid-authorized-parties")
        /// `aud` does not contain a configured audience.
        public static let tokenInvalidAudience = Code(rawValue: "token-invalid-audience")
        /// The session is `pending` (`sts`), which counts as signed out unless configured otherwise.
        public static let sessionPending = Code(rawValue: "session-token-pending")
        /// A key (PEM, JWK) was refused: not RSA, wrong size or exponent, or not parseable.
        public static let keyInvalid = Code(rawValue: "jwk-invalid")
        /// A locally given key or key set (PEM, JWKS file) could not be used.
        public static let localKeyInvalid = Code(rawValue: "jwk-local-invalid")
        /// The remote key set could not be fetched (transport failure, timeout, HTTP error).
        public static let remoteKeysFailedToLoad = Code(rawValue: "jwk-remote-failed-to-load")
        /// The remote key set was fetched but is not a usable JWKS (malformed, empty, oversized).
        public static let remoteKeysInvalid = Code(rawValue: "jwk-remote-invalid")
        /// No key source is configured, or none has produced keys yet.
        public static let keysFailedToResolve = Code(rawValue: "jwk-failed-to-resolve")
        /// The secret key was refused by Clerk while fetching keys.
        public static let secretKeyInvalid = Code(rawValue: "secret-key-invalid")
        /// The verification policy or the environment is unusable (a non-finite or negative clock skew, a
        /// required variable missing, a clock that returns NaN). A mistake to fix, not a bad token and not
        /// a key outage: it is never counted as ``ClerkVerificationError/isKeyUnavailable``.
        public static let configurationInvalid = Code(rawValue: "configuration-invalid")
        /// A publishable key is not `pk_test_…`/`pk_live_…` with a base64 Frontend API host. A
        /// configuration mistake, never counted as ``ClerkVerificationError/isKeyUnavailable``.
        public static let publishableKeyInvalid = Code(rawValue: "publishable-key-invalid")

        /// Every code this package can emit, in the order of the README's table of codes.
        public static let allDocumented: [Code] = [
            .tokenTooLarge, .tokenMalformed, .tokenInvalidAlgorithm, .tokenUnsupportedCriticalHeader,
            .tokenInvalidType, .tokenUnsupportedContentType, .tokenTypeMismatch, .tokenMissingKeyID,
            .tokenInvalidKeyID, .keyIDMismatch, .tokenInvalidSignature, .tokenMissingClaim, .tokenInvalidClaim,
            .tokenExpired, .tokenNotActiveYet, .tokenIssuedInTheFuture, .tokenInvalidIssuer,
            .tokenInvalidAuthorizedParties, .tokenInvalidAudience, .sessionPending, .keyInvalid, .localKeyInvalid,
            .remoteKeysFailedToLoad, .remoteKeysInvalid, .keysFailedToResolve, .secretKeyInvalid,
            .configurationInvalid, .publishableKeyInvalid,
        ]
    }

    /// The stable reason.
    public let code: Code
    /// A human explanation: what was wrong and, where it helps, what to do.
    public let message: String

    /// Creates an error. Messages must never contain a secret or a whole token.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// True when the keys could not be obtained: the token was not judged (answer 503, not 401).
    public var isKeyUnavailable: Bool {
        switch code {
        case .remoteKeysFailedToLoad, .remoteKeysInvalid, .keysFailedToResolve, .secretKeyInvalid: true
        default: false
        }
    }

    /// `<code>: <message>`, the shape the CLI prints after `error: `.
    public var description: String { "\(code.rawValue): \(message)" }
}

extension ClerkVerificationError {
    static func malformed(_ message: String) -> Self { .init(.tokenMalformed, message) }
}
