/// Decoding of Clerk's v2 organization permissions: `fea` features zipped with `o.fpm` bitmasks over `o.per`.
///
/// Follows `@clerk/shared`'s `jwtPayloadParser`: the organization-scoped features (scope `o`, `ou` or `uo`)
/// are taken in order; the i-th `fpm` entry is a decimal bitmask whose bit k (least significant first)
/// grants permission `per[k]` for that feature, giving `org:<feature>:<permission>`. Masks are decoded
/// exactly, digit by digit, so masks wider than 64 bits lose nothing.
enum OrganizationPermissions {
    static func decode(features fea: String?, permissions per: String?, masks fpm: String?) -> [String] {
        guard let fea, let per, let fpm else { return [] }
        let permissions = per.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingSpaces() }
        let orgFeatures = fea.split(separator: ",").compactMap { entry -> String? in
            let trimmed = entry.trimmingSpaces()
            guard let colon = trimmed.firstIndex(of: ":") else { return nil }
            let scope = trimmed[..<colon]
            // Clerk's splitByScope: exactly `o`, `ou` or `uo` (a scope such as `xo` is nobody's).
            guard ["o", "ou", "uo"].contains(where: { scope.utf8.elementsEqual($0.utf8) }) else { return nil }
            return String(trimmed[trimmed.index(after: colon)...])
        }
        let masks = fpm.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingSpaces() }
        var result: [String] = []
        for (index, feature) in orgFeatures.enumerated() where index < masks.count {
            guard let bits = bitsOfDecimal(masks[index]) else { continue }
            for (k, permission) in permissions.enumerated() where k < bits.count && bits[k] {
                result.append("org:\(feature):\(permission)")
            }
        }
        return result
    }

    /// The bits of a non-negative decimal integer of any length, least significant first.
    static func bitsOfDecimal(_ text: some StringProtocol) -> [Bool]? {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        // Little-endian base-2^32 limbs, built by multiply-and-add per digit.
        var limbs: [UInt32] = [0]
        for digit in text.utf8 {
            var carry = UInt64(digit - 0x30)
            for i in limbs.indices {
                let product = UInt64(limbs[i]) * 10 + carry
                limbs[i] = UInt32(truncatingIfNeeded: product)
                carry = product >> 32
            }
            if carry != 0 { limbs.append(UInt32(carry)) }
        }
        var bits: [Bool] = []
        bits.reserveCapacity(limbs.count * 32)
        for limb in limbs {
            for k in 0..<32 { bits.append(limb >> UInt32(k) & 1 == 1) }
        }
        while let last = bits.last, !last, bits.count > 1 { bits.removeLast() }
        return bits
    }
}
