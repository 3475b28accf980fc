import ClerkBackend
import ClerkSession

extension FakeClerkServer {
    /// How the machine-token verify endpoints answer for a token that is revoked or expired.
    public enum MachineRejectionStyle: Sendable, Hashable {
        /// 200 with the object and `revoked` / `expired` set to true (what Clerk's OpenAPI spec allows; a
        /// client must refuse it). The default.
        case flagsIn200
        /// 404 `resource_not_found`, as for an unknown token.
        case notFound
    }

    /// An opaque machine token the fake minted: the token text a caller would send, and Clerk's object id.
    public struct MintedMachineToken: Sendable, Hashable {
        /// The token text: `mt_…`, `ak_…` or `oat_…` (what goes in `Authorization: Bearer`).
        public let token: String
        /// The object id the verify endpoint answers with (`mt_<32hex>`, `ak_<32hex>`, `oat_<32hex>`).
        public let id: String
    }

    /// Mints an opaque M2M token (`mt_…`) for `machineID`, verifiable at `POST /m2m_tokens/verify`.
    ///
    /// - Parameters:
    ///   - scopes: the machines it may call (`mch_…`).
    ///   - claims: custom claims, answered as the object's `claims`.
    ///   - lifetime: from now (the issuer's clock) to `expiration`; nil never expires, a negative one mints an
    ///     already expired token.
    @discardableResult
    public func mintM2MToken(
        machineID: String = "mch_2test", scopes: [String] = [], claims: [String: ClerkJSONValue]? = nil,
        lifetime: Duration? = nil
    ) -> MintedMachineToken {
        core.mintMachineToken(
            .m2mToken, subject: machineID, scopes: scopes, claims: claims, name: nil, clientID: nil,
            lifetime: lifetime)
    }

    /// Mints an API key (`ak_…`) belonging to `subject` (a user, organization or machine), verifiable at
    /// `POST /api_keys/verify`. `lifetime` as for ``mintM2MToken(machineID:scopes:claims:lifetime:)``.
    @discardableResult
    public func mintAPIKey(
        subject: String = "user_2test", name: String = "test key", scopes: [String] = [],
        claims: [String: ClerkJSONValue]? = nil, lifetime: Duration? = nil
    ) -> MintedMachineToken {
        core.mintMachineToken(
            .apiKey, subject: subject, scopes: scopes, claims: claims, name: name, clientID: nil, lifetime: lifetime)
    }

    /// Mints an opaque OAuth access token (`oat_…`) for `userID` and the OAuth client `clientID`, verifiable
    /// at `POST /oauth_applications/access_tokens/verify`. `lifetime` as for
    /// ``mintM2MToken(machineID:scopes:claims:lifetime:)``.
    @discardableResult
    public func mintOAuthAccessToken(
        userID: String = "user_2test", clientID: String = "client_2test", scopes: [String] = ["profile", "email"],
        lifetime: Duration? = nil
    ) -> MintedMachineToken {
        core.mintMachineToken(
            .oauthToken, subject: userID, scopes: scopes, claims: nil, name: nil, clientID: clientID,
            lifetime: lifetime)
    }

    /// Revokes a minted machine token (by its text); false when the fake never minted it.
    @discardableResult
    public func revokeMachineToken(_ token: String, reason: String? = nil) -> Bool {
        core.revokeMachineToken(token, reason: reason)
    }

    /// How many requests reached the verify endpoint of `kind` (canned fault answers included); unlike
    /// ``requests``, ``clearRequests()`` does not reset it.
    public func machineVerifyCount(_ kind: ClerkTokenKind) -> Int {
        core.state.withLock { $0.machineVerifyCounts[kind] ?? 0 }
    }

    /// An M2M **JWT** for `machineID`, signed by ``issuer`` (verified locally, never by the fake): a thin
    /// wrapper of ``TestIssuer/m2mToken(machineID:scopes:issuedAt:lifetime:category:issuer:extra:)``.
    public func m2mJWT(
        machineID: String = "mch_2test", scopes: [String] = ["mch_2peer"], lifetime: Duration = .seconds(300)
    )
        -> String
    {
        issuer.m2mToken(machineID: machineID, scopes: scopes, lifetime: FakeClerkCore.seconds(lifetime))
    }

    /// An OAuth **JWT** access token (`typ: at+jwt`), signed by ``issuer``: a thin wrapper of
    /// ``TestIssuer/oauthAccessToken(userID:clientID:scopes:issuedAt:lifetime:type:extra:)``.
    public func oauthAccessTokenJWT(
        userID: String = "user_2test", clientID: String = "client_2test", scopes: [String] = ["profile", "email"],
        lifetime: Duration = .seconds(3600)
    ) -> String {
        issuer.oauthAccessToken(
            userID: userID, clientID: clientID, scopes: scopes, lifetime: FakeClerkCore.seconds(lifetime))
    }
}
