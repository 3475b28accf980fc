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
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        /// The closed set of codes, in the order of the README's table of codes.
        private enum Backing: String, CaseIterable, Sendable {
            case tokenTooLarge = "token-too-large"
            case tokenMalformed = "token-invalid"
            case tokenInvalidAlgorithm = "token-invalid-algorithm"
            case tokenUnsupportedCriticalHeader = "token-unsupported-critical-header"
            case tokenInvalidType = "token-invalid-type"
            case tokenUnsupportedContentType = "token-unsupported-content-type"
            case tokenTypeMismatch = "token-type-mismatch"
            case tokenMissingKeyID = "token-missing-kid"
            case tokenInvalidKeyID = "token-invalid-kid"
            case keyIDMismatch = "jwk-kid-mismatch"
            case tokenInvalidSignature = "token-invalid-signature"
            case tokenMissingClaim = "token-missing-claim"
            case tokenInvalidClaim = "token-invalid-claim"
            case tokenExpired = "token-expired"
            case tokenNotActiveYet = "token-not-active-yet"
            case tokenIssuedInTheFuture = "token-iat-in-the-future"
            case tokenInvalidIssuer = "token-invalid-issuer"
            case tokenInvalidAuthorizedParties = "token-invalid-authorized-parties"
            case tokenInvalidAudience = "token-invalid-audience"
            case sessionPending = "session-token-pending"
            case sessionRevoked = "session-revoked"
            case machineTokenRejected = "machine-token-rejected"
            case machineTokenVerifyUnavailable = "machine-token-verify-unavailable"
            case keyInvalid = "jwk-invalid"
            case localKeyInvalid = "jwk-local-invalid"
            case remoteKeysFailedToLoad = "jwk-remote-failed-to-load"
            case remoteKeysInvalid = "jwk-remote-invalid"
            case keysFailedToResolve = "jwk-failed-to-resolve"
            case secretKeyInvalid = "secret-key-invalid"
            case configurationInvalid = "configuration-invalid"
            case publishableKeyInvalid = "publishable-key-invalid"
        }

        private let backing: Backing

        private init(_ backing: Backing) { self.backing = backing }

        /// The kebab-case text of the code, e.g. `token-expired`.
        public var rawValue: String { backing.rawValue }
        public var description: String { backing.rawValue }

        /// The token is longer than the 8 KiB cap.
        public static let tokenTooLarge = Code(.tokenTooLarge)
        /// The token is not a compact JWS of three non-empty strict-base64url segments with strict JSON.
        public static let tokenMalformed = Code(.tokenMalformed)
        /// The header `alg` is not exactly the configured algorithm (RS256).
        public static let tokenInvalidAlgorithm = Code(.tokenInvalidAlgorithm)
        /// The header carries `crit`; no critical extension is supported.
        public static let tokenUnsupportedCriticalHeader = Code(.tokenUnsupportedCriticalHeader)
        /// The header `typ` is present and not exactly `JWT`.
        public static let tokenInvalidType = Code(.tokenInvalidType)
        /// The header `cty` is present (nested tokens are not supported).
        public static let tokenUnsupportedContentType = Code(.tokenUnsupportedContentType)
        /// The header `cat` names a category other than a session token (a JWT-template or M2M token).
        public static let tokenTypeMismatch = Code(.tokenTypeMismatch)
        /// The header has no `kid` and the key source needs one.
        public static let tokenMissingKeyID = Code(.tokenMissingKeyID)
        /// The header `kid` is not a string of 1 to 256 characters.
        public static let tokenInvalidKeyID = Code(.tokenInvalidKeyID)
        /// No usable key of the issuer has the token's `kid`, even after a refresh.
        public static let keyIDMismatch = Code(.keyIDMismatch)
        /// The signature does not verify with the key named by `kid`.
        public static let tokenInvalidSignature = Code(.tokenInvalidSignature)
        /// A required claim is absent.
        public static let tokenMissingClaim = Code(.tokenMissingClaim)
        /// A claim has the wrong JSON type or an impossible value.
        public static let tokenInvalidClaim = Code(.tokenInvalidClaim)
        /// `exp` is in the past (beyond the clock skew).
        public static let tokenExpired = Code(.tokenExpired)
        /// `nbf` is in the future (beyond the clock skew).
        public static let tokenNotActiveYet = Code(.tokenNotActiveYet)
        /// `iat` is in the future (beyond the clock skew).
        public static let tokenIssuedInTheFuture = Code(.tokenIssuedInTheFuture)
        /// `iss` is not exactly one of the configured issuers.
        public static let tokenInvalidIssuer = Code(.tokenInvalidIssuer)
        /// `azp` is missing or not one of the configured authorized parties.
        public static let tokenInvalidAuthorizedParties = Code(.tokenInvalidAuthorizedParties)
        /// `aud` does not contain a configured audience.
        public static let tokenInvalidAudience = Code(.tokenInvalidAudience)
        /// The session is `pending` (`sts`), which counts as signed out unless configured otherwise.
        public static let sessionPending = Code(.sessionPending)
        /// The session was revoked, ended or removed, or its user deleted, after the token was issued (a
        /// verified webhook or a `revokeSession` call put it in the verifier's ``SessionRevocationList``).
        public static let sessionRevoked = Code(.sessionRevoked)
        /// A key (PEM, JWK) was refused: not RSA, wrong size or exponent, or not parseable.
        public static let keyInvalid = Code(.keyInvalid)
        /// A locally given key or key set (PEM, JWKS file) could not be used.
        public static let localKeyInvalid = Code(.localKeyInvalid)
        /// Clerk's Backend API refused an opaque machine token (`mt_…`, `ak_…`, `oat_…`): unknown, revoked,
        /// expired or inactive; or the token failed the format check made before any call.
        public static let machineTokenRejected = Code(.machineTokenRejected)
        /// An opaque machine token could not be judged: Clerk's Backend API failed or was unreachable, the
        /// secret key was refused, or this server's bound on calls to Clerk (rate or calls in flight) was
        /// reached. Answer 503, like ``ClerkVerificationError/isKeyUnavailable``; see
        /// ``ClerkVerificationError/isUnavailable``.
        public static let machineTokenVerifyUnavailable = Code(.machineTokenVerifyUnavailable)
        /// The remote key set could not be fetched (transport failure, timeout, HTTP error).
        public static let remoteKeysFailedToLoad = Code(.remoteKeysFailedToLoad)
        /// The remote key set was fetched but is not a usable JWKS (malformed, empty, oversized).
        public static let remoteKeysInvalid = Code(.remoteKeysInvalid)
        /// No key source is configured, or none has produced keys yet.
        public static let keysFailedToResolve = Code(.keysFailedToResolve)
        /// The secret key was refused by Clerk while fetching keys.
        public static let secretKeyInvalid = Code(.secretKeyInvalid)
        /// The verification policy or the environment is unusable (a non-finite or negative clock skew, a
        /// required variable missing, a clock that returns NaN). A mistake to fix, not a bad token and not
        /// a key outage: it is never counted as ``ClerkVerificationError/isKeyUnavailable``.
        public static let configurationInvalid = Code(.configurationInvalid)
        /// A publishable key is not `pk_test_…`/`pk_live_…` with a base64 Frontend API host. A
        /// configuration mistake, never counted as ``ClerkVerificationError/isKeyUnavailable``.
        public static let publishableKeyInvalid = Code(.publishableKeyInvalid)

        /// Every code this package can emit, in the order of the README's table of codes (generated from
        /// the closed set, so no code can be left out).
        public static let allDocumented: [Code] = Backing.allCases.map(Code.init)
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

    /// True when the token could not be judged, for any reason (answer 503, not 401): the keys are
    /// unavailable (``isKeyUnavailable``), or Clerk could not verify an opaque machine token
    /// (``Code/machineTokenVerifyUnavailable``).
    public var isUnavailable: Bool { isKeyUnavailable || code == .machineTokenVerifyUnavailable }

    /// `<code>: <message>`, the shape the CLI prints after `error: `.
    public var description: String { "\(code.rawValue): \(message)" }
}

extension ClerkVerificationError {
    static func malformed(_ message: String) -> Self { .init(.tokenMalformed, message) }
}
