import Logging
import Metrics
import Tracing

/// Verifies Clerk session tokens locally: no network on the hot path, microseconds per token.
///
/// ```swift
/// let verifier = SessionTokenVerifier(
///     configuration: try .init(publishableKey: env["CLERK_PUBLISHABLE_KEY"]!),
///     keyStore: SessionKeyStore(keySet: SessionKeySet(pinned: try RSAVerificationKey(clerkJWTKey: pem))))
/// let session = try verifier.verify(token)      // synchronous, throws ClerkVerificationError
/// print(session.userID, session.sessionID)
/// ```
///
/// The pipeline: size cap → verified-token cache (byte-exact identity; it holds only tokens that verified,
/// so a hit needs nothing more of the text) → alphabet (base64url and `.` only, before anything parses the
/// text) → strict header → `alg` = RS256 (from configuration,
/// never from the token) → key by exact `kid` → signature length = modulus length → OpenSSL RS256 over the
/// bytes as received → strict claims → policy (`exp`/`nbf`/`iat` with skew, `iss`, `azp`, `aud`, `sid`,
/// `sts`). The signature is checked before any claim is looked at. With the cache off, the alphabet has no
/// pass of its own: the strict base64url of the three segments covers every byte but the dots, and a token
/// that fails anywhere fails with the alphabet error first when it has a byte outside it.
///
/// ``verify(_:)`` uses the keys already loaded; ``verifyAwaitingKeys(_:)`` may wait for the first load,
/// or for one rate-limited refetch when the `kid` is unknown or a known key fails (a rotation).
public struct SessionTokenVerifier: Sendable {
    /// Clerk's session-token category (`cat` header).
    public static let sessionCategory = "cl_B7d4PD111AAA"
    /// Clerk's neutral category, stamped on every token class by some instances.
    public static let neutralCategory = "cl_I7d4PD111III"
    /// Clerk's M2M-token category (`cat` header of M2M JWTs minted since 2026-05-27).
    public static let m2mCategory = "cl_B7d4PD333AAA"
    /// Clerk's JWT-template category: always refused.
    public static let templateCategory = "cl_B7d4PD222AAA"

    /// Everything a verifier holds, in one immutable object: a copy of the verifier (a middleware's, a
    /// task's) retains this one reference instead of one per field, so tasks on other cores that copy the same
    /// verifier touch one shared reference count, not a dozen.
    final class Storage: Sendable {
        let configuration: Configuration
        let keyStore: SessionKeyStore
        let cache: VerifiedTokenCache?
        let metrics: VerificationMetrics
        let observability: ClerkObservability
        let revocations: any SessionRevocationList
        /// ``revocations`` when it is the embedded list (the default): then the hot path calls it directly,
        /// with the hashes a verified session keeps, instead of through the protocol.
        let inMemoryRevocations: InMemoryRevocationList?
        let issuerBytes: [[UInt8]]
        let partyBytes: [[UInt8]]
        let audienceBytes: [[UInt8]]
        let clockSkewSeconds: Double
        let configurationError: ClerkVerificationError?

        init(
            configuration: Configuration, keyStore: SessionKeyStore, observability: ClerkObservability?,
            revocations: (any SessionRevocationList)?
        ) {
            self.configuration = configuration
            do {
                try configuration.validate()
                self.configurationError = nil
            } catch { self.configurationError = error }
            self.keyStore = keyStore
            self.cache =
                configuration.verifiedTokenCacheCapacity > 0
                ? VerifiedTokenCache(capacity: configuration.verifiedTokenCacheCapacity) : nil
            let revocations = revocations ?? InMemoryRevocationList(clock: configuration.clock)
            self.revocations = revocations
            self.inMemoryRevocations = revocations as? InMemoryRevocationList
            let observability = observability ?? keyStore.observability
            self.observability = observability
            self.metrics = VerificationMetrics(factory: observability.factory)
            self.issuerBytes = configuration.issuers.map { Array($0.utf8) }
            self.partyBytes = configuration.authorizedParties.map { Array($0.utf8) }
            self.audienceBytes = configuration.audiences.map { Array($0.utf8) }
            self.clockSkewSeconds = configuration.clockSkew.inSeconds
        }
    }

    let storage: Storage

    /// The policy.
    public var configuration: Configuration { storage.configuration }
    /// The keys.
    public var keyStore: SessionKeyStore { storage.keyStore }
    var cache: VerifiedTokenCache? { storage.cache }
    var metrics: VerificationMetrics { storage.metrics }
    /// Where the verification metrics go, and whether each verification opens a span.
    public var observability: ClerkObservability { storage.observability }
    /// The revoked sessions and users, consulted on every verification, cold or cached.
    public var revocations: any SessionRevocationList { storage.revocations }
    var issuerBytes: [[UInt8]] { storage.issuerBytes }
    var partyBytes: [[UInt8]] { storage.partyBytes }
    var audienceBytes: [[UInt8]] { storage.audienceBytes }
    /// ``Configuration/clockSkew`` in seconds, converted once.
    private var clockSkewSeconds: Double { storage.clockSkewSeconds }
    /// Why the configuration is unusable, if it is: then every verification fails with it (fail closed).
    var configurationError: ClerkVerificationError? { storage.configurationError }

    /// A verifier with a policy and a key store.
    ///
    /// A configuration that ``Configuration/validate()`` refuses (a non-finite or negative clock skew, for
    /// example) does not make a lax verifier: every verification then fails with `configuration-invalid`.
    /// Call `validate()` where you build the configuration to learn of it at start-up.
    ///
    /// - Parameters:
    ///   - observability: where the verification metrics go, and whether each verification opens a span
    ///     (off by default); by default the key store's (see <doc:Observability>).
    ///   - revocations: the revoked sessions and users; by default an empty ``InMemoryRevocationList`` of
    ///     this verifier's own (feed it through ``revocations``).
    public init(
        configuration: Configuration, keyStore: SessionKeyStore, observability: ClerkObservability? = nil,
        revocations: (any SessionRevocationList)? = nil
    ) {
        self.storage = Storage(
            configuration: configuration, keyStore: keyStore, observability: observability,
            revocations: revocations)
    }

    /// A verifier over a fixed key set (pinned PEM or JWKS document).
    public init(
        configuration: Configuration, keySet: SessionKeySet, observability: ClerkObservability = .global,
        revocations: (any SessionRevocationList)? = nil
    ) {
        self.init(
            configuration: configuration,
            keyStore: SessionKeyStore(keySet: keySet, clock: configuration.clock, observability: observability),
            revocations: revocations)
    }

    // MARK: Entry points

    /// Verifies `token` with the keys already loaded. Synchronous and allocation-light: call it anywhere.
    ///
    /// An unknown `kid` fails with `jwk-kid-mismatch` (no refetch here; see ``verifyAwaitingKeys(_:)``),
    /// and a store with no keys yet fails with `jwk-failed-to-resolve`. Session tokens only: a machine token
    /// (an M2M or OAuth JWT, or an opaque `mt_…`, `ak_…`, `oat_…`) fails with `token-type-mismatch`, as
    /// with ``verify(_:accepting:)`` and ``AcceptedTokenKinds/sessionToken``.
    public func verify(_ token: String) throws(ClerkVerificationError) -> VerifiedSession {
        if observability.tracesVerifications { return try verifyTraced(token) }
        do {
            let session = try verifyOnce(token)
            metrics.verified.increment()
            return session
        } catch {
            metrics.record(error)
            throw error
        }
    }

    /// ``verify(_:)`` inside a `clerk.session.verify` span (only when asked: see ``ClerkObservability``).
    private func verifyTraced(_ token: String) throws(ClerkVerificationError) -> VerifiedSession {
        try traced(Self.sessionKind) { () throws(ClerkVerificationError) in try verifyOnce(token) }
    }

    /// Runs one verification inside a `clerk.session.verify` span, counted as the untraced paths count it:
    /// `clerk.outcome` `verified` and `clerk.token_kind` (`kind` of the result), or the error's code.
    func traced<T>(
        _ kind: (T) -> ClerkTokenKind, _ attempt: () throws(ClerkVerificationError) -> T
    ) throws(ClerkVerificationError) -> T {
        let span = observability.activeTracer.startSpan("clerk.session.verify", ofKind: .internal)
        defer { span.end() }
        do {
            let value = try attempt()
            metrics.verified.increment()
            Self.mark(span, verified: kind(value))
            return value
        } catch {
            metrics.record(error)
            Self.mark(span, error)
            throw error
        }
    }

    /// ``traced(_:_:)`` for a verification that may wait for keys: the span is the task's current one while
    /// keys load, so a fetch it waits for nests inside it.
    func tracedAwaitingKeys<T: Sendable>(
        _ kind: (T) -> ClerkTokenKind, _ attempt: () async throws(ClerkVerificationError) -> T
    ) async throws(ClerkVerificationError) -> T {
        let span = observability.activeTracer.startSpan("clerk.session.verify", ofKind: .internal)
        defer { span.end() }
        let result = await ServiceContext.$current.withValue(span.context) {
            () async -> Result<T, ClerkVerificationError> in
            do throws(ClerkVerificationError) {
                return .success(try await attempt())
            } catch { return .failure(error) }
        }
        switch result {
        case .success(let value):
            metrics.verified.increment()
            Self.mark(span, verified: kind(value))
            return value
        case .failure(let error):
            metrics.record(error)
            Self.mark(span, error)
            throw error
        }
    }

    /// The kind ``verify(_:)`` and ``verifyAwaitingKeys(_:)`` accept, for their spans.
    private static func sessionKind(_: VerifiedSession) -> ClerkTokenKind { .sessionToken }

    private static func mark(_ span: any Span, verified kind: ClerkTokenKind) {
        span.attributes[ClerkSpanAttribute.outcome] = "verified"
        span.attributes[ClerkSpanAttribute.tokenKind] = kind.rawValue
    }

    private static func mark(_ span: any Span, _ error: ClerkVerificationError) {
        span.attributes[ClerkSpanAttribute.outcome] = error.code.rawValue
        span.attributes[ClerkSpanAttribute.errorType] = error.code.rawValue
        span.setStatus(SpanStatus(code: .error))
    }

    /// Verifies `token`, waiting for keys when needed: the first load of a cold store, and one
    /// rate-limited, single-flight refetch when the `kid` is unknown or its key rejects the signature.
    public func verifyAwaitingKeys(_ token: String) async throws(ClerkVerificationError) -> VerifiedSession {
        guard observability.tracesVerifications else {
            do {
                let session = try await verifyLoadingKeys(token)
                metrics.verified.increment()
                return session
            } catch {
                metrics.record(error)
                throw error
            }
        }
        return try await tracedAwaitingKeys(Self.sessionKind) { () async throws(ClerkVerificationError) in
            try await verifyLoadingKeys(token)
        }
    }

    private func verifyLoadingKeys(_ token: String) async throws(ClerkVerificationError) -> VerifiedSession {
        try await withKeyRefresh { () throws(ClerkVerificationError) in try verifyOnce(token) }
    }

    /// Runs `attempt` once the store has loaded keys, and once more after one rate-limited, single-flight
    /// refetch when it failed on an unknown `kid`, a signature (a rotation) or missing keys, and the refetch
    /// changed something the token depends on. Every async entry point goes through it.
    func withKeyRefresh<T>(_ attempt: () throws(ClerkVerificationError) -> T) async throws(ClerkVerificationError)
        -> T
    {
        if !keyStore.hasLoadedKeys { await keyStore.prewarm() }
        do {
            return try attempt()
        } catch  where Self.mayNeedKeyRefresh(error) {
            return try await retryAfterKeyRefresh(error, attempt)
        }
    }

    /// The second half of ``withKeyRefresh(_:)``: after `attempt` failed with `error` (one that
    /// ``mayNeedKeyRefresh(_:)`` admits), one rate-limited, single-flight refetch, and `attempt` once more when
    /// the refetch changed something the token depends on; otherwise `error` again.
    func retryAfterKeyRefresh<T>(
        _ error: ClerkVerificationError, _ attempt: () throws(ClerkVerificationError) -> T
    ) async throws(ClerkVerificationError) -> T {
        let before = keyStore.currentKeySet
        guard await keyStore.refreshForUnknownKeyID() else { throw error }
        // Retry only when the refetch changed something the token depends on.
        if error.code == .tokenInvalidSignature, let before, let after = keyStore.currentKeySet,
            before.keys.map(\.key) == after.keys.map(\.key)
        {
            throw error
        }
        return try attempt()
    }

    /// Whether a refetch of the keys could change `error`'s verdict: an unknown `kid`, a signature that a
    /// rotated key might verify, or no keys at all.
    @inline(__always)
    static func mayNeedKeyRefresh(_ error: ClerkVerificationError) -> Bool {
        error.code == .keyIDMismatch || error.code == .tokenInvalidSignature || error.code == .keysFailedToResolve
    }

    // MARK: The pipeline

    func verifyOnce(_ token: String) throws(ClerkVerificationError) -> VerifiedSession {
        // Session tokens only: anything else is refused (a JWT by its header or its subject, an opaque machine
        // token by its prefix) before it is used, as by `verify(_:accepting: .sessionToken)`.
        guard case .session(let session) = try verifyAnyOnce(token, .sessionToken) else {
            throw ClerkVerificationError(.tokenTypeMismatch, "the token is not a session token")
        }
        return session
    }

    /// The pipeline for every JWT kind: sessions, M2M JWTs and OAuth JWT access tokens.
    func verifyOnce(_ token: String, accepting kinds: AcceptedTokenKinds) throws(ClerkVerificationError)
        -> ClerkIdentity
    {
        if cache != nil {
            // The verified-token cache first, by byte identity: it holds only tokens that verified, every
            // byte of which is in the alphabet, so a token with any other byte (a Unicode look-alike among
            // them) cannot match an entry, and a hit needs no pass over the alphabet. A miss checks it
            // before anything parses the token.
            try checkTokenSize(token)
            let cached = cache?.lookup(token)
            if cached == nil { guard RawBytes.isCompactJWSAlphabet(token) else { throw Self.alphabetError } }
            return try verifyTextChecked(token, accepting: kinds, now: try currentTime(), cached: cached)
        }
        // No cache: the alphabet needs no pass of its own. A token verifies only when its three
        // segments, every byte but the two dots, decode as strict base64url, which admits nothing outside the
        // alphabet; and when anything fails, the explicit check runs first, so a token with a byte outside
        // base64url and "." fails with that error, exactly as when the check comes first.
        try checkTokenSize(token)
        do {
            return try verifyTextChecked(token, accepting: kinds, now: try currentTime(), cached: nil)
        } catch {
            guard RawBytes.isCompactJWSAlphabet(token) else { throw Self.alphabetError }
            throw error
        }
    }

    /// The configured clock's time, refused when it is not finite (no token can be judged then).
    @inline(__always)
    func currentTime() throws(ClerkVerificationError) -> Double {
        let now = configuration.clock.now()
        guard now.isFinite else {
            throw ClerkVerificationError(
                .configurationInvalid, "the clock returned a non-finite time; no token can be judged")
        }
        return now
    }

    /// ``verifyOnce(_:accepting:)`` after the size cap was checked, and the alphabet unless the token is
    /// `cached` (the cache's entry for it, looked up by byte identity) or there is no cache.
    private func verifyTextChecked(
        _ token: String, accepting kinds: AcceptedTokenKinds, now: Double, cached: VerifiedTokenCache.Entry?
    ) throws(ClerkVerificationError) -> ClerkIdentity {
        // A cache hit whose key generation is current and whose keys need nothing: no lock of the store.
        if let entry = cached, keyStore.isQuiet(generation: entry.generation, now: now) {
            try checkCached(entry.identity, kinds, now: now)
            metrics.cacheHits.increment()
            return entry.identity
        }
        let snapshot: SessionKeyStore.Snapshot
        switch keyStore.lookup() {
        case .ready(let s): snapshot = s
        case .unavailable(let error): throw error
        }

        if let cache, let entry = cached {
            if entry.generation == snapshot.generation || entry.key.map(snapshot.keySet.contains) == true {
                try checkCached(entry.identity, kinds, now: now)
                if entry.generation != snapshot.generation {
                    // The keys were refetched and still hold this entry's key: later hits take the fast path.
                    cache.insert(
                        token, .init(identity: entry.identity, generation: snapshot.generation), now: now,
                        keepingIdentity: true)
                }
                metrics.cacheHits.increment()
                return entry.identity
            }
            cache.remove(token)
        }
        if cache != nil { metrics.cacheMisses.increment() }

        let bytes = Array(token.utf8)
        let parts = try CompactToken(bytes)

        // Header: strict, then the algorithm and header rules (the header's class among them), then the key;
        // or, for the header this key generation has already checked (the same bytes), its memo.
        let key: RSAVerificationKey
        let declared: DeclaredClass
        let memo = snapshot.header
        var memorable = false
        if let memo, memo.matches(bytes, parts.header) {
            try Self.checkDeclared(memo.declared, accepting: kinds)
            key = memo.key
            declared = memo.declared
        } else {
            let header = try parseHeader(bytes, parts, accepting: kinds)
            guard let found = snapshot.keySet.key(forKeyID: header.kid) else {
                let shown = header.kid.map { LogSafe.text(String(decoding: $0, as: UTF8.self)) } ?? ""
                throw ClerkVerificationError(
                    .keyIDMismatch,
                    "no usable key with kid \"\(shown)\" in the key set of \(keyStore.source) (\(snapshot.keySet.keys.count) usable keys); check that CLERK_SECRET_KEY and the publishable key belong to the same instance"
                )
            }
            key = found
            declared = header.declared
            // A header without kid is not kept: its key depends on whether the store is pinned.
            memorable = memo == nil && header.kid != nil
        }

        // Signature: exact length, then OpenSSL over the bytes as received.
        guard let signature = Base64URL.decode(bytes, parts.signature) else {
            throw .malformed("the signature is not strict base64url")
        }
        guard signature.count == key.modulusByteCount else {
            throw ClerkVerificationError(
                .tokenInvalidSignature,
                "the signature is \(signature.count) bytes; the key's modulus is \(key.modulusByteCount) bytes")
        }
        guard key.isValidSignature(signature, for: bytes, 0..<parts.signingInputEnd) else {
            throw ClerkVerificationError(
                .tokenInvalidSignature, "the signature does not verify with the key of this kid")
        }
        if memorable {
            keyStore.remember(
                HeaderMemo(segment: Array(bytes[parts.header]), declared: declared, key: key),
                generation: snapshot.generation)
        }

        // Claims, only now that they are known to come from the key holder.
        let claims = try Self.segmentJSON(bytes, parts.payload, "payload")
        let identity = try checkClaims(
            claims, header: declared, accepting: kinds, key: key, scope: snapshot.keySet.issuerBytes, now: now)
        // A revoked session's token is refused, and not cached: the cache holds only what verified.
        try checkRevocation(identity)
        cache?.insert(token, .init(identity: identity, generation: snapshot.generation), now: now)
        return identity
    }

    /// A cached identity, judged again now: its kind accepted, its times, the revocation list.
    @inline(__always)
    func checkCached(_ identity: ClerkIdentity, _ kinds: AcceptedTokenKinds, now: Double)
        throws(ClerkVerificationError)
    {
        switch identity {
        case .session(let session):
            guard kinds.contains(.sessionToken) else { throw Self.mismatch(.sessionToken, kinds) }
            try checkTimes(
                expiresAt: session.storage.expiresAt, notBefore: session.storage.notBefore,
                issuedAt: session.storage.issuedAt, now: now)
        case .machine(let machine):
            guard kinds.accepts(machine.kind) else { throw Self.mismatch(machine.kind, kinds) }
            try checkTimes(
                expiresAt: machine.expiresAtSeconds ?? .infinity, notBefore: machine.notBefore,
                issuedAt: machine.issuedAtSeconds, now: now)
        }
        try checkRevocation(identity)
    }

    /// The `token-type-mismatch` error for a token of `kind` where only `kinds` are accepted.
    package static func mismatch(_ kind: ClerkTokenKind, _ kinds: AcceptedTokenKinds) -> ClerkVerificationError {
        ClerkVerificationError(
            .tokenTypeMismatch, "the token is a \(kind.rawValue); this endpoint accepts \(kinds)")
    }

    /// What the entry points without a cache look-up check before anything looks inside the token: a
    /// usable policy, the size cap, and the alphabet. Nothing outside base64url and "." reaches a parser.
    @inline(__always)
    func checkTokenText(_ token: String) throws(ClerkVerificationError) {
        try checkTokenSize(token)
        guard RawBytes.isCompactJWSAlphabet(token) else { throw Self.alphabetError }
    }

    /// ``checkTokenText(_:)`` without the alphabet: a usable policy and the size cap.
    @inline(__always)
    func checkTokenSize(_ token: String) throws(ClerkVerificationError) {
        if let configurationError { throw configurationError }
        let tokenLength = token.utf8.count
        guard tokenLength <= configuration.maximumTokenBytes else {
            throw ClerkVerificationError(
                .tokenTooLarge,
                "the token is \(tokenLength) bytes; at most \(configuration.maximumTokenBytes) are accepted")
        }
    }

    /// A token with a byte outside base64url and ".".
    static var alphabetError: ClerkVerificationError {
        .malformed("the token has a byte outside base64url and \".\"")
    }

    /// One segment (`header` or `payload`) of a compact token: strict base64url, then a strict JSON object.
    static func segmentJSON(_ bytes: [UInt8], _ range: Range<Int>, _ name: String) throws(ClerkVerificationError)
        -> StrictJSON
    {
        guard let decoded = Base64URL.decode(bytes, range) else {
            throw .malformed("the \(name) is not strict base64url")
        }
        do { return try StrictJSON(parsing: decoded) } catch {
            throw .malformed("the \(name) is not a strict JSON object (\(error.reason))")
        }
    }

    /// The header stage of every entry point: strict base64url and a strict JSON object, then the header
    /// rules. Returns the raw `kid` bytes when present.
    func parseHeader(_ bytes: [UInt8], _ parts: CompactToken) throws(ClerkVerificationError) -> ArraySlice<UInt8>? {
        try parseHeader(bytes, parts, accepting: .sessionToken).kid
    }

    /// The header stage with the kinds an endpoint accepts: a header that declares another class (an
    /// OAuth `typ`, an M2M `cat`) is refused here, before the signature.
    func parseHeader(_ bytes: [UInt8], _ parts: CompactToken, accepting kinds: AcceptedTokenKinds)
        throws(ClerkVerificationError) -> Header
    {
        try checkHeader(try Self.segmentJSON(bytes, parts.header, "header"), accepting: kinds)
    }

    /// The claims stage of every entry point: strict base64url and a strict JSON object, then every claim
    /// rule. `key` is the key that verified the signature (nil when Clerk confirmed it); `scope` the issuer
    /// the key set is scoped to, if any.
    func parseClaims(
        _ bytes: [UInt8], _ parts: CompactToken, key: RSAVerificationKey?, scope: [UInt8]?,
        now: Double
    ) throws(ClerkVerificationError) -> VerifiedSession {
        try checkClaims(try Self.segmentJSON(bytes, parts.payload, "payload"), key: key, scope: scope, now: now)
    }

    /// What a header says a JWT is, before its claims are read.
    struct Header {
        /// The raw `kid`, when present.
        let kid: ArraySlice<UInt8>?
        let declared: DeclaredClass
    }

    /// The class a header declares: `typ` and `cat` together.
    enum DeclaredClass: Sendable {
        /// `typ` absent or `JWT` and no `cat`: a session token, or an M2M JWT minted before Clerk stamped
        /// `cat` (told apart by `sub`).
        case uncategorized
        /// `typ` absent or `JWT`; `cat` the session category or the neutral one.
        case session
        /// `typ` absent or `JWT` and the M2M category.
        case m2m
        /// `typ` `at+jwt` or `application/at+jwt` and no `cat`: an OAuth access token.
        case oauth
    }

    /// Whether a header that declares `declared` may be read further where `kinds` are accepted.
    @inline(__always)
    static func checkDeclared(_ declared: DeclaredClass, accepting kinds: AcceptedTokenKinds)
        throws(ClerkVerificationError)
    {
        switch declared {
        case .uncategorized, .session: break
        case .m2m: guard kinds.contains(.m2mToken) else { throw Self.mismatch(.m2mToken, kinds) }
        case .oauth: guard kinds.contains(.oauthToken) else { throw Self.mismatch(.oauthToken, kinds) }
        }
    }

    /// Header rules; returns the raw `kid` bytes (when present) and the class the header declares.
    private func checkHeader(_ header: StrictJSON, accepting kinds: AcceptedTokenKinds) throws(ClerkVerificationError)
        -> Header
    {
        guard let alg = header.member(ClaimName.alg) else {
            throw ClerkVerificationError(.tokenInvalidAlgorithm, "the header has no alg; only RS256 is accepted")
        }
        guard header.stringEquals(alg, Self.rs256) else {
            throw ClerkVerificationError(
                .tokenInvalidAlgorithm,
                "the header alg is \(LogSafe.text(String(decoding: header.rawText(alg), as: UTF8.self), limit: 24)); only RS256 is accepted"
            )
        }
        if header.member(ClaimName.crit) != nil {
            throw ClerkVerificationError(
                .tokenUnsupportedCriticalHeader, "the header has crit; no critical extension is supported")
        }
        if header.member(ClaimName.cty) != nil {
            throw ClerkVerificationError(
                .tokenUnsupportedContentType, "the header has cty; nested tokens are not supported")
        }
        var declared = DeclaredClass.uncategorized
        if let typ = header.member(ClaimName.typ), !header.stringEquals(typ, Self.jwt) {
            guard header.stringEquals(typ, Self.oauthType) || header.stringEquals(typ, Self.oauthMediaType) else {
                throw ClerkVerificationError(.tokenInvalidType, "the header typ must be exactly \"JWT\" when present")
            }
            declared = .oauth
        }
        if let cat = header.member(ClaimName.cat) {
            if declared == .oauth {
                // Clerk's SDK knows no OAuth category; the strict reading: an OAuth JWT carries none.
                throw ClerkVerificationError(
                    .tokenTypeMismatch, "the header has an OAuth typ and a cat; an OAuth access token carries no cat")
            }
            if header.stringEquals(cat, Self.m2mCategoryBytes) {
                declared = .m2m
            } else if header.stringEquals(cat, Self.sessionCategoryBytes)
                || header.stringEquals(cat, Self.neutralCategoryBytes)
            {
                declared = .session
            } else {
                throw ClerkVerificationError(
                    .tokenTypeMismatch,
                    "the header cat says this is neither a session token nor a machine token (a JWT-template token?)")
            }
        }
        try Self.checkDeclared(declared, accepting: kinds)
        guard let kid = header.member(ClaimName.kid) else {
            if keyStoreIsPinned { return Header(kid: nil, declared: declared) }
            throw ClerkVerificationError(.tokenMissingKeyID, "the header has no kid")
        }
        guard header.kind(kid) == .string else {
            throw ClerkVerificationError(.tokenInvalidKeyID, "the header kid is not a string")
        }
        let length = header.scalarCount(kid)
        guard length >= 1, length <= 256 else {
            throw ClerkVerificationError(
                .tokenInvalidKeyID, "the header kid must have 1 to 256 characters (it has \(length))")
        }
        return Header(kid: header.stringValue(kid), declared: declared)
    }

    private var keyStoreIsPinned: Bool { keyStore.currentKeySet?.isPinned ?? false }

    /// Claim rules on parsed claims (the legacy path calls it directly, to keep its order of checks).
    func checkClaims(_ claims: StrictJSON, key: RSAVerificationKey?, scope: [UInt8]?, now: Double)
        throws(ClerkVerificationError) -> VerifiedSession
    {
        try checkSessionClaims(claims, RegisteredClaimIndex(claims), key: key, scope: scope, now: now)
    }

    /// Claim rules on parsed claims whose registered claims are already located.
    func checkSessionClaims(
        _ claims: StrictJSON, _ index: RegisteredClaimIndex, key: RSAVerificationKey?, scope: [UInt8]?, now: Double
    ) throws(ClerkVerificationError) -> VerifiedSession {
        let exp = try numericDate(claims, at: index.exp, "exp", required: true)!
        let nbf = try numericDate(claims, at: index.nbf, "nbf", required: false)
        let iat = try numericDate(claims, at: index.iat, "iat", required: false)
        try checkTimes(expiresAt: exp, notBefore: nbf, issuedAt: iat, now: now)

        guard let iss = index.iss else {
            throw ClerkVerificationError(.tokenMissingClaim, "the iss claim is missing")
        }
        guard claims.kind(iss) == .string, issuerBytes.contains(where: { claims.stringEquals(iss, $0) }) else {
            throw ClerkVerificationError(
                .tokenInvalidIssuer,
                "the iss claim is not one of the configured issuers (\(configuration.issuers.joined(separator: ", "))); exact match only"
            )
        }
        if let scope, !claims.stringEquals(iss, scope) {
            throw ClerkVerificationError(
                .tokenInvalidIssuer,
                "the token's issuer does not own the key that signed it (keys are scoped to \(String(decoding: scope, as: UTF8.self)))"
            )
        }
        try requireNonEmptyString(claims, at: index.sub, "sub")
        if configuration.requiresSessionID { try requireNonEmptyString(claims, at: index.sid, "sid") }

        try checkAuthorizedParty(claims, at: index.azp)
        try checkAudience(claims, at: index.aud)
        if let sts = index.sts {
            guard claims.kind(sts) == .string else {
                throw ClerkVerificationError(.tokenInvalidClaim, "the sts claim is not a string")
            }
            if !configuration.acceptsPendingSessions, claims.stringEquals(sts, Self.pending) {
                throw ClerkVerificationError(
                    .sessionPending, "the session is pending (sts); it counts as signed out until its tasks are done")
            }
        }
        return VerifiedSession(storage: .init(json: claims, expiresAt: exp, notBefore: nbf, issuedAt: iat, key: key))
    }

    /// The revocation list's word on a verified identity: sessions by session and user, OAuth tokens by
    /// the user they act for.
    @inline(__always)
    func checkRevocation(_ identity: ClerkIdentity) throws(ClerkVerificationError) {
        switch identity {
        case .session(let session): try checkRevocation(session.storage)
        case .machine(let machine):
            if revocations.isEmpty { return }
            try checkRevocation(machine)
        }
    }

    /// The revocation list's word on a verified token: on every verification, cached or not.
    @inline(__always)
    func checkRevocation(_ storage: VerifiedSession.Storage) throws(ClerkVerificationError) {
        // The embedded list (the default): no protocol call, and the session's own hashes for its filter.
        // `nil` means another kind of list.
        switch self.storage.inMemoryRevocations?.verdict(of: storage) {
        case .notRevoked: return
        case .revoked(let revocation): throw Self.revokedError(revocation)
        case nil:
            // The common case, nothing revoked lately: no claim bytes read, no slice made.
            guard !revocations.isEmpty,
                let revocation = revocations.revocation(
                    sessionID: storage.sessionIDBytes, userID: storage.userIDBytes, issuedAt: storage.issuedAt)
            else { return }
            throw Self.revokedError(revocation)
        }
    }

    /// The error for a verified session the revocation list refuses.
    @inline(never)
    private static func revokedError(_ revocation: SessionRevocation) -> ClerkVerificationError {
        switch revocation.subject {
        case .session:
            ClerkVerificationError(
                .sessionRevoked, "the session was revoked, ended or removed at \(Self.seconds(revocation.at))")
        case .user:
            ClerkVerificationError(
                .sessionRevoked,
                "the token was issued before its user was deleted or banned at \(Self.seconds(revocation.at))")
        }
    }

    /// `exp`/`nbf`/`iat` against `now`, with the configured skew. Also used on every cache hit.
    ///
    /// Each rule is written as the condition that accepts (`guard exp > now - skew`), so a NaN anywhere
    /// rejects instead of slipping past a comparison that is false for NaN.
    func checkTimes(expiresAt exp: Double, notBefore nbf: Double?, issuedAt iat: Double?, now: Double)
        throws(ClerkVerificationError)
    {
        let skew = clockSkewSeconds
        guard exp > now - skew else {
            throw ClerkVerificationError(
                .tokenExpired,
                "the token expired \(Self.seconds(now - exp)) s ago (exp \(Self.seconds(exp)), now \(Self.seconds(now)), clock skew \(Self.seconds(skew)) s)"
            )
        }
        if let nbf {
            guard nbf <= now + skew else {
                throw ClerkVerificationError(
                    .tokenNotActiveYet,
                    "the token is not valid for another \(Self.seconds(nbf - now)) s (nbf \(Self.seconds(nbf)), now \(Self.seconds(now)), clock skew \(Self.seconds(skew)) s); check this server's clock"
                )
            }
        }
        if let iat {
            guard iat <= now + skew else {
                throw ClerkVerificationError(
                    .tokenIssuedInTheFuture,
                    "the token was issued \(Self.seconds(iat - now)) s in the future (iat \(Self.seconds(iat)), now \(Self.seconds(now)), clock skew \(Self.seconds(skew)) s); check this server's clock"
                )
            }
        }
    }

    /// Largest NumericDate accepted: 9999-12-31T23:59:59Z.
    static let maximumNumericDate: Double = 253_402_300_799

    func numericDate(_ claims: StrictJSON, _ name: [UInt8], _ label: String, required: Bool)
        throws(ClerkVerificationError) -> Double?
    {
        try numericDate(claims, at: claims.member(name), label, required: required)
    }

    /// A NumericDate claim whose value entry is `index` (nil: absent).
    func numericDate(_ claims: StrictJSON, at index: Int?, _ label: String, required: Bool)
        throws(ClerkVerificationError) -> Double?
    {
        guard let index else {
            if required { throw ClerkVerificationError(.tokenMissingClaim, "the \(label) claim is missing") }
            return nil
        }
        guard let value = claims.double(index) else {
            throw ClerkVerificationError(.tokenInvalidClaim, "the \(label) claim is not a JSON number")
        }
        guard value.isFinite, value <= Self.maximumNumericDate, value >= -Self.maximumNumericDate else {
            throw ClerkVerificationError(
                .tokenInvalidClaim,
                "the \(label) claim is out of range (a NumericDate must be finite and before year 10000)")
        }
        return value
    }

    /// A claim that must be a non-empty string, whose value entry is `index` (nil: absent).
    func requireNonEmptyString(_ claims: StrictJSON, at index: Int?, _ label: String)
        throws(ClerkVerificationError)
    {
        guard let index else {
            throw ClerkVerificationError(.tokenMissingClaim, "the \(label) claim is missing")
        }
        guard claims.isNonEmptyString(index) else {
            throw ClerkVerificationError(.tokenInvalidClaim, "the \(label) claim must be a non-empty string")
        }
    }

    static func seconds(_ value: Double) -> String {
        if let whole = Int64(exactly: value.rounded()), abs(value - value.rounded()) < 0.0005 { return String(whole) }
        return String(format3: value)
    }

    static let rs256 = Array("RS256".utf8)
    static let jwt = Array("JWT".utf8)
    static let pending = Array("pending".utf8)
    static let sessionCategoryBytes = Array(sessionCategory.utf8)
    static let neutralCategoryBytes = Array(neutralCategory.utf8)
    static let m2mCategoryBytes = Array(m2mCategory.utf8)
    static let oauthType = Array("at+jwt".utf8)
    static let oauthMediaType = Array("application/at+jwt".utf8)
}
