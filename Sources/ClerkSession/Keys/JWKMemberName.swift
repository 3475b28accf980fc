/// Member names of a JWKS document and its keys (RFC 7517), as bytes prepared once.
enum JWKMemberName {
    static let keys = Array("keys".utf8), kid = Array("kid".utf8), alg = Array("alg".utf8)
    static let kty = Array("kty".utf8), use = Array("use".utf8), keyOps = Array("key_ops".utf8)
    static let n = Array("n".utf8), e = Array("e".utf8), d = Array("d".utf8)
}
