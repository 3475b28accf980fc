internal import CClerkOpenSSL

extension RSAVerificationKey {
    /// Builds a key from a PEM public key: `BEGIN PUBLIC KEY` (SubjectPublicKeyInfo) or
    /// `BEGIN RSA PUBLIC KEY` (PKCS#1).
    ///
    /// - Throws: ``ClerkVerificationError`` with code `jwk-invalid` when the text is not such a PEM or the
    ///   key breaks the key policy.
    public convenience init(pem: String) throws(ClerkVerificationError) {
        let key = try Self.parse(clerkJWTKey: pem, requireArmor: true)
        self.init(sharing: key)
    }

    /// Builds a key from the value Clerk calls `CLERK_JWT_KEY`, in any of the forms people paste:
    /// a PEM (SPKI or PKCS#1), the dashboard's single-line base64 of the SPKI without armor, or a PEM
    /// whose line breaks arrive as literal `\n` escapes from an environment variable or `.env` file.
    ///
    /// - Throws: ``ClerkVerificationError`` with code `jwk-invalid` when nothing usable is found.
    public convenience init(clerkJWTKey text: String) throws(ClerkVerificationError) {
        let key = try Self.parse(clerkJWTKey: text, requireArmor: false)
        self.init(sharing: key)
    }

    /// A second handle on the same prepared key (shares the `EVP_PKEY` through an OpenSSL reference).
    private convenience init(sharing key: RSAVerificationKey) {
        EVP_PKEY_up_ref(key.pkey)
        // The copy adopts its own reference; both free exactly once.
        self.init(adoptingShared: key.pkey, modulus: key.modulus)
    }

    static func parse(clerkJWTKey raw: String, requireArmor: Bool) throws(ClerkVerificationError) -> RSAVerificationKey
    {
        OpenSSLRuntime.prepare()
        var text = raw.replacingEscapedNewlines()
        text = text.trimmingASCIIWhitespace()
        let isPKCS1: Bool
        let body: Substring
        if let armor = PEMArmor(text) {
            switch armor.label {
            case "PUBLIC KEY": isPKCS1 = false
            case "RSA PUBLIC KEY": isPKCS1 = true
            default:
                throw ClerkVerificationError(
                    .keyInvalid, "unsupported PEM block \"\(armor.label)\"; expected PUBLIC KEY or RSA PUBLIC KEY")
            }
            body = armor.body
        } else if requireArmor {
            throw ClerkVerificationError(.keyInvalid, "no PEM block found (expected -----BEGIN PUBLIC KEY-----)")
        } else {
            isPKCS1 = false
            body = Substring(text)
        }
        guard let der = StandardBase64.decode(body), !der.isEmpty else {
            throw ClerkVerificationError(.keyInvalid, "the key's base64 body is not valid base64")
        }
        let decoded = der.withUnsafeBufferPointer { buffer in
            isPKCS1
                ? cclerk_pkey_from_pkcs1_der(buffer.baseAddress, buffer.count)
                : cclerk_pkey_from_spki_der(buffer.baseAddress, buffer.count)
        }
        guard let pkey = decoded else {
            throw ClerkVerificationError(
                .keyInvalid,
                isPKCS1
                    ? "the PEM is not a PKCS#1 RSA public key" : "the key is not a DER SubjectPublicKeyInfo public key")
        }
        return try adopting(decoded: pkey)
    }
}
