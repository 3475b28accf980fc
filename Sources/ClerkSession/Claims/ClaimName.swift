/// Member names of a session token's header and claims, as bytes prepared once, so that a look-up in
/// ``StrictJSON`` compares bytes and allocates nothing.
///
/// The JSON reader knows no Clerk names: callers hand it the name they want.
enum ClaimName {
    // Header parameters (RFC 7515 §4.1, Clerk's `cat`).
    static let alg = Array("alg".utf8), kid = Array("kid".utf8), typ = Array("typ".utf8)
    static let crit = Array("crit".utf8), cty = Array("cty".utf8), cat = Array("cat".utf8)
    // Registered claims (RFC 7519 §4.1).
    static let exp = Array("exp".utf8), nbf = Array("nbf".utf8), iat = Array("iat".utf8)
    static let iss = Array("iss".utf8), sub = Array("sub".utf8), aud = Array("aud".utf8)
    static let jti = Array("jti".utf8)
    // Clerk's session claims.
    static let sid = Array("sid".utf8), azp = Array("azp".utf8), sts = Array("sts".utf8)
    static let v = Array("v".utf8), fva = Array("fva".utf8)
    static let pla = Array("pla".utf8), fea = Array("fea".utf8), o = Array("o".utf8)
    static let act = Array("act".utf8), id = Array("id".utf8), slg = Array("slg".utf8)
    static let rol = Array("rol".utf8), per = Array("per".utf8), fpm = Array("fpm".utf8)
    static let orgID = Array("org_id".utf8), orgSlug = Array("org_slug".utf8)
    static let orgRole = Array("org_role".utf8), orgPermissions = Array("org_permissions".utf8)
    static let type = Array("type".utf8), handshake = Array("handshake".utf8)
}
