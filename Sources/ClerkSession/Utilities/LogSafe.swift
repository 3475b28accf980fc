/// Makes untrusted text safe for one log line: control characters escaped, length capped.
enum LogSafe {
    static func text(_ raw: String, limit: Int = 64) -> String {
        var out = ""
        for scalar in raw.unicodeScalars.prefix(limit) {
            if scalar.value < 0x20 || scalar.value == 0x7F || scalar == "\"" || scalar == "\\" {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        if raw.unicodeScalars.count > limit { out += "…" }
        return out
    }
}
