/// Keeps secret keys out of text: labels that reveal only the key's kind, and scrubbing of any text
/// that might echo it.
enum SecretRedaction {
    /// `sk_test_***`, `sk_live_***`, or `***` for anything else (empty keys show as `<empty>`).
    static func label(for secret: String) -> String {
        if secret.isEmpty { return "<empty>" }
        for prefix in ["sk_test_", "sk_live_"] where secret.hasPrefix(prefix) { return prefix + "***" }
        return "***"
    }

    /// `text` with every occurrence of `secret` replaced by its label.
    static func scrub(_ text: String, secret: String) -> String {
        guard secret.count >= 4, text.contains(secret) else { return text }
        return text.replacing(secret, with: label(for: secret))
    }
}
