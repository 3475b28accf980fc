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

    static func parse(clerkJWTKey raw: String, requireArmor: Bool) throws(ClerkVerificationError) -> RSAVerificationKey {
        var text = raw.replacingEscapedNewlines()
        text = text.trimmingASCIIWhitespace()
        let isPKCS1: Bool
        let body: Substring
        if let armor = PEMArmor(text) {
            switch armor.label {
            case "PUBLIC KEY": isPKCS1 = false
            case "RSA PUBLIC KEY": isPKCS1 = true
            default:
                throw ClerkVerificationError(.keyInvalid, "unsupported PEM block \"\(armor.label)\"; expected PUBLIC KEY or RSA PUBLIC KEY")
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
            isPKCS1 ? cclerk_pkey_from_pkcs1_der(buffer.baseAddress, buffer.count)
                    : cclerk_pkey_from_spki_der(buffer.baseAddress, buffer.count)
        }
        guard let pkey = decoded else {
            throw ClerkVerificationError(.keyInvalid, isPKCS1 ? "the PEM is not a PKCS#1 RSA public key" : "the key is not a DER SubjectPublicKeyInfo public key")
        }
        return try adopting(decoded: pkey)
    }
}

/// A PEM block: `-----BEGIN <label>-----`, base64 body, `-----END <label>-----`, nothing else around it.
struct PEMArmor {
    let label: String
    let body: Substring

    init?(_ text: String) {
        let begin = "-----BEGIN "
        guard text.hasPrefix(begin) else { return nil }
        let afterBegin = text.dropFirst(begin.count)
        guard let lineEnd = afterBegin.firstIndex(where: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) else { return nil }
        let firstLine = afterBegin[..<lineEnd]
        guard firstLine.hasSuffix("-----") else { return nil }
        let label = String(firstLine.dropLast(5))
        let footer = "-----END \(label)-----"
        let rest = afterBegin[lineEnd...]
        guard rest.hasSuffix(footer), rest.count >= footer.count else { return nil }
        self.label = label
        self.body = rest.dropLast(footer.count)
    }
}

/// Standard base64 (RFC 4648 §4) for PEM bodies: `+` and `/`, `=` padding, ASCII whitespace between
/// characters ignored, anything else refused.
enum StandardBase64 {
    static func decode(_ text: Substring) -> [UInt8]? {
        var values: [UInt8] = []
        values.reserveCapacity(text.utf8.count)
        var padding = 0
        for byte in text.utf8 {
            switch byte {
            case 0x41...0x5A: guard padding == 0 else { return nil }; values.append(byte - 0x41)
            case 0x61...0x7A: guard padding == 0 else { return nil }; values.append(byte - 0x61 + 26)
            case 0x30...0x39: guard padding == 0 else { return nil }; values.append(byte - 0x30 + 52)
            case UInt8(ascii: "+"): guard padding == 0 else { return nil }; values.append(62)
            case UInt8(ascii: "/"): guard padding == 0 else { return nil }; values.append(63)
            case UInt8(ascii: "="): padding += 1
            case 0x20, 0x09, 0x0A, 0x0D: continue
            default: return nil
            }
        }
        guard padding <= 2, (values.count + padding) % 4 == 0, values.count % 4 != 1 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(values.count * 3 / 4)
        var i = 0
        while i + 4 <= values.count {
            out.append(values[i] << 2 | values[i + 1] >> 4)
            out.append(values[i + 1] << 4 | values[i + 2] >> 2)
            out.append(values[i + 2] << 6 | values[i + 3])
            i += 4
        }
        let rest = values.count - i
        if rest >= 2 { out.append(values[i] << 2 | values[i + 1] >> 4) }
        if rest == 3 { out.append(values[i + 1] << 4 | values[i + 2] >> 2) }
        return out
    }
}

extension String {
    /// Turns literal `\n` (and `\r\n`) escapes, as found in environment values, into line breaks.
    func replacingEscapedNewlines() -> String {
        guard contains("\\n") else { return self }
        var out = ""
        out.reserveCapacity(utf8.count)
        var iterator = makeIterator()
        while let character = iterator.next() {
            if character == "\\" {
                guard let next = iterator.next() else { out.append(character); break }
                switch next {
                case "n": out.append("\n")
                case "r": continue
                default: out.append(character); out.append(next)
                }
            } else {
                out.append(character)
            }
        }
        return out
    }

    func trimmingASCIIWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" || $0 == "\r\n" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
