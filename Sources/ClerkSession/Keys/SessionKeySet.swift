import Logging

/// A parsed, policy-checked set of verification keys (a JWKS), immutable and cheap to share.
///
/// Ingestion follows the attack matrix: a key that is not RSA, not for signatures, meant for another
/// algorithm, too small or too large, with an exponent other than 65537, or with non-canonical base64url
/// is **skipped** with a logged reason, not fatal. A `kid` that appears twice is ambiguous and unusable.
/// The set as a whole is refused only when it is malformed or no usable key is left.
public struct SessionKeySet: Sendable {
    /// One usable key.
    public struct Key: Sendable {
        /// The key id exactly as published (Clerk uses the instance id, `ins_…`).
        public let keyID: String
        /// The prepared RSA key.
        public let key: RSAVerificationKey
        let keyIDBytes: [UInt8]
    }

    /// A key that was left out, and why.
    public struct SkippedKey: Error, Sendable, CustomStringConvertible {
        /// The key id, when the entry had a string one (truncated to 64 characters, escaped for logs).
        public let keyID: String?
        /// Why it was skipped.
        public let reason: String
        public var description: String { "kid=\(keyID ?? "<none>"): \(reason)" }
    }

    /// Largest number of entries accepted in one JWKS document.
    public static let maximumKeyCount = 64

    /// The usable keys.
    public let keys: [Key]
    /// The keys that were skipped, with reasons.
    public let skipped: [SkippedKey]
    /// When set, tokens verified with these keys must carry exactly this `iss` (keys scoped to their instance).
    public let issuer: String?
    /// A pinned key (`CLERK_JWT_KEY`) verifies tokens whatever their `kid`, and even without one.
    public let isPinned: Bool
    let issuerBytes: [UInt8]?

    /// A set made of one pinned key, as Clerk's `jwtKey` option: no network, no `kid` matching.
    public init(pinned key: RSAVerificationKey, issuer: String? = nil) {
        self.keys = [Key(keyID: "pinned", key: key, keyIDBytes: Array("pinned".utf8))]
        self.skipped = []
        self.issuer = issuer
        self.issuerBytes = issuer.map { Array($0.utf8) }
        self.isPinned = true
    }

    /// Parses a JWKS document (`{"keys": [...]}`).
    ///
    /// - Parameters:
    ///   - jwks: the JSON bytes.
    ///   - issuer: the instance these keys belong to, when known (then tokens of other issuers never verify).
    ///   - isRemote: whether the document came from the network (selects `jwk-remote-invalid` over `jwk-local-invalid`).
    ///   - logger: receives one warning per skipped key.
    /// - Throws: ``ClerkVerificationError`` when the document is malformed or has no usable key.
    public init(
        jwks: [UInt8], issuer: String? = nil, isRemote: Bool = false,
        logger: Logger? = nil
    ) throws(ClerkVerificationError) {
        let code: ClerkVerificationError.Code = isRemote ? .remoteKeysInvalid : .localKeyInvalid
        let json: StrictJSON
        do {
            json = try StrictJSON(parsing: jwks)
        } catch {
            throw ClerkVerificationError(
                code, "the key set is not a strict JSON object (\(error.reason) at byte \(error.offset))")
        }
        guard let keysIndex = json.member(JWKMemberName.keys), json.kind(keysIndex) == .array else {
            throw ClerkVerificationError(code, "the key set has no \"keys\" array")
        }
        let count = json.elementCount(of: keysIndex)
        guard count <= Self.maximumKeyCount else {
            throw ClerkVerificationError(
                code, "the key set has \(count) keys; at most \(Self.maximumKeyCount) are accepted")
        }
        var usable: [Key] = []
        var skipped: [SkippedKey] = []
        var privateMembers = false
        // Every string kid of every entry, usable or not: a kid shared with a skipped entry is just as
        // ambiguous as one shared by two usable keys.
        // Keyed by the kid's bytes: `String` keys would merge canonically equivalent kids.
        var seen: [[UInt8]: Int] = [:]
        json.forEachElement(of: keysIndex) { index in
            if json.kind(index) == .object, let kid = json.member(JWKMemberName.kid, in: index),
                let text = json.string(kid)
            {
                seen[Array(text.utf8), default: 0] += 1
            }
            switch Self.ingest(json, index, privateMemberWarning: &privateMembers) {
            case .success(let key): usable.append(key)
            case .failure(let skip): skipped.append(skip)
            }
        }
        // A kid that appears twice is ambiguous: no copy is used.
        let duplicated = Set(usable.map { Array($0.keyIDBytes) }.filter { seen[$0, default: 0] > 1 })
        if !duplicated.isEmpty {
            usable.removeAll { duplicated.contains(Array($0.keyIDBytes)) }
            for kid in duplicated.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
                skipped.append(
                    SkippedKey(
                        keyID: LogSafe.text(String(decoding: kid, as: UTF8.self)),
                        reason: "the kid appears more than once; it is ambiguous and unusable"))
            }
        }
        if privateMembers {
            logger?.warning(
                "the key set publishes private key members (d); they are ignored, but the private key should be considered exposed"
            )
        }
        for skip in skipped {
            logger?.warning(
                "skipped a key of the key set",
                metadata: ["kid": "\(skip.keyID ?? "<none>")", "reason": "\(skip.reason)"])
        }
        guard !usable.isEmpty else {
            let why = skipped.first.map { " (first reason: \($0.reason))" } ?? ""
            throw ClerkVerificationError(code, "the key set has no usable RS256 key\(why)")
        }
        self.keys = usable
        self.skipped = skipped
        self.issuer = issuer
        self.issuerBytes = issuer.map { Array($0.utf8) }
        self.isPinned = false
    }

    /// Parses a JWKS document given as text.
    public init(
        jwksText: String, issuer: String? = nil, isRemote: Bool = false,
        logger: Logger? = nil
    ) throws(ClerkVerificationError) {
        try self.init(jwks: Array(jwksText.utf8), issuer: issuer, isRemote: isRemote, logger: logger)
    }

    /// The usable key ids.
    public var keyIDs: [String] { keys.map(\.keyID) }

    /// The key for a `kid` given as raw bytes (exact byte-wise match). A pinned set answers with its key.
    func key(forKeyID kid: ArraySlice<UInt8>?) -> RSAVerificationKey? {
        if isPinned { return keys[0].key }
        guard let kid else { return nil }
        for entry in keys where entry.keyIDBytes.elementsEqual(kid) { return entry.key }
        return nil
    }

    /// The key for a `kid`.
    public func key(forKeyID kid: String) -> RSAVerificationKey? {
        key(forKeyID: ArraySlice(Array(kid.utf8)))
    }

    /// Whether the set still holds this exact key (same modulus) under any kid.
    func contains(_ key: RSAVerificationKey) -> Bool {
        keys.contains { $0.key === key || $0.key == key }
    }

    private static func ingest(_ json: StrictJSON, _ index: Int, privateMemberWarning: inout Bool) -> Result<
        Key, SkippedKey
    > {
        guard json.kind(index) == .object else {
            return .failure(SkippedKey(keyID: nil, reason: "the entry is not a JSON object"))
        }
        var kidText: String?
        if let kid = json.member(JWKMemberName.kid, in: index), let text = json.string(kid) { kidText = text }
        func skip(_ reason: String) -> Result<Key, SkippedKey> {
            .failure(SkippedKey(keyID: kidText.map { LogSafe.text($0) }, reason: reason))
        }
        guard let kid = kidText, !kid.isEmpty, kid.unicodeScalars.count <= 256 else {
            return skip("the kid is missing, not a string, empty or longer than 256 characters")
        }
        guard let kty = json.member(JWKMemberName.kty, in: index), json.stringEquals(kty, Array("RSA".utf8)) else {
            return skip("kty is not \"RSA\"")
        }
        if let use = json.member(JWKMemberName.use, in: index), !json.stringEquals(use, Array("sig".utf8)) {
            return skip("use is not \"sig\"")
        }
        if let ops = json.member(JWKMemberName.keyOps, in: index) {
            var allowsVerify = false
            if json.kind(ops) == .array {
                json.forEachElement(of: ops) { op in
                    if json.stringEquals(op, Array("verify".utf8)) { allowsVerify = true }
                }
            }
            if !allowsVerify { return skip("key_ops does not contain \"verify\"") }
        }
        if let alg = json.member(JWKMemberName.alg, in: index), !json.stringEquals(alg, Array("RS256".utf8)) {
            return skip("alg is not \"RS256\"")
        }
        if json.member(JWKMemberName.d, in: index) != nil {
            privateMemberWarning = true
        }
        guard let nIndex = json.member(JWKMemberName.n, in: index), json.kind(nIndex) == .string,
            let eIndex = json.member(JWKMemberName.e, in: index), json.kind(eIndex) == .string,
            case let nText = json.stringBytes(nIndex), case let eText = json.stringBytes(eIndex),
            let n = Base64URL.decode(nText, 0..<nText.count),
            let e = Base64URL.decode(eText, 0..<eText.count)
        else {
            return skip("n or e is missing or not strict base64url")
        }
        do {
            let key = try RSAVerificationKey(modulus: n, exponent: e)
            return .success(Key(keyID: kid, key: key, keyIDBytes: Array(kid.utf8)))
        } catch {
            return skip(error.message)
        }
    }
}
