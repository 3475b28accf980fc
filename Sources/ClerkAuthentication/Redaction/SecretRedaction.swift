/// Keeps secret keys out of text: labels that reveal only the key's kind, and scrubbing of any text
/// that might echo it.
package enum SecretRedaction {
    /// `sk_test_***`, `sk_live_***`, `ak_***` (a machine secret key), or `***` for anything else (empty keys
    /// show as `<empty>`).
    package static func label(for secret: String) -> String {
        if secret.isEmpty { return "<empty>" }
        for prefix in ["sk_test_", "sk_live_", "ak_"] where secret.hasPrefix(prefix) { return prefix + "***" }
        return "***"
    }

    /// `text` with every occurrence of `secret` replaced by its label.
    ///
    /// The search is byte-wise on UTF-8, not by `Character`: a `String` search would miss the secret when
    /// the echoing text puts a combining mark right after it (the last character then differs), and the
    /// secret's bytes would survive.
    package static func scrub(_ text: String, secret: String) -> String {
        let needle = Array(secret.utf8)
        guard needle.count >= 4 else { return text }
        let bytes = Array(text.utf8)
        guard bytes.count >= needle.count else { return text }
        var output: [UInt8] = []
        var index = 0
        var changed = false
        while index < bytes.count {
            if bytes[index] == needle[0], index + needle.count <= bytes.count,
                bytes[index..<(index + needle.count)].elementsEqual(needle)
            {
                if !changed {
                    output.reserveCapacity(bytes.count)
                    output.append(contentsOf: bytes[..<index])
                    changed = true
                }
                output.append(contentsOf: label(for: secret).utf8)
                index += needle.count
                continue
            }
            if changed { output.append(bytes[index]) }
            index += 1
        }
        return changed ? String(decoding: output, as: UTF8.self) : text
    }

    /// What replaces a token-shaped run of text.
    package static let tokenPlaceholder = "<token redacted>"

    /// `text` with every run that looks like a compact JWS (`eyJ` then base64url characters, with at
    /// least one `.`, at least 16 bytes) replaced by ``tokenPlaceholder``. Clerk's answers may echo the
    /// session token a call carried (refresh, legacy verify); errors and logs must never hold one whole.
    package static func scrubTokens(_ text: String) -> String {
        let bytes = Array(text.utf8)
        guard bytes.count >= 16 else { return text }
        var output: [UInt8] = []
        var index = 0
        var changed = false
        while index < bytes.count {
            if index + 3 <= bytes.count, bytes[index] == UInt8(ascii: "e"), bytes[index + 1] == UInt8(ascii: "y"),
                bytes[index + 2] == UInt8(ascii: "J")
            {
                var end = index
                var dots = 0
                while end < bytes.count, isBase64URL(bytes[end]) || (bytes[end] == UInt8(ascii: ".") && dots < 2) {
                    if bytes[end] == UInt8(ascii: ".") { dots += 1 }
                    end += 1
                }
                if dots >= 1, end - index >= 16 {
                    if !changed {
                        output.reserveCapacity(bytes.count)
                        output.append(contentsOf: bytes[..<index])
                        changed = true
                    }
                    output.append(contentsOf: tokenPlaceholder.utf8)
                    index = end
                    continue
                }
            }
            if changed { output.append(bytes[index]) }
            index += 1
        }
        return changed ? String(decoding: output, as: UTF8.self) : text
    }

    private static func isBase64URL(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "_"):
            true
        default: false
        }
    }
}
