#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The token parser's raw-memory kernels, kept in this one file so that the rest of `Token/` holds no pointer code.
///
/// Each kernel takes a Swift array and indices into it, checks them once with a precondition, and
/// returns plain values: no pointer escapes. They exist because they sit on the cold-verify hot path,
/// where per-byte bounds checks cost a measurable share of the non-OpenSSL work. Each is compared with
/// plain Swift in `RawBytesTests` and `ColdPathKernelTests`; base64url and UTF-8 validation also differentially in
/// `Benchmarks/Sources/ProfileVerify selftest`; all run under the Wycheproof and attack-matrix suites and the
/// fuzz targets.
enum RawBytes {
    /// The index of the first `byte` in `bytes[start...]` (memchr), or nil.
    @inline(__always)
    static func firstIndex(of byte: UInt8, in bytes: [UInt8], from start: Int) -> Int? {
        precondition(start >= 0, "negative start")
        guard start < bytes.count else { return nil }
        return bytes.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress,
                let hit = memchr(base + start, Int32(byte), buffer.count - start)
            else { return nil }
            return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// The first index at or after `start` whose byte is not ASCII, or `bytes.count`; eight bytes per load.
    @inline(__always)
    static func endOfASCII(_ bytes: [UInt8], from start: Int) -> Int {
        precondition(start >= 0 && start <= bytes.count, "start outside the bytes")
        return bytes.withUnsafeBufferPointer { buffer -> Int in
            let n = buffer.count
            var i = start
            while i + 8 <= n,
                UnsafeRawPointer(buffer.baseAddress! + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0
            {
                i += 8
            }
            while i < n, buffer[i] < 0x80 { i += 1 }
            return i
        }
    }

    /// The first index at or after `start` whose byte ends a JSON string's plain run — `"`, `\\` or a
    /// control character (below 0x20) — or `bytes.count`; eight bytes per load (SWAR), bytes one by one
    /// only in the last seven.
    @inline(__always)
    static func endOfPlainJSONString(_ bytes: [UInt8], from start: Int) -> Int {
        precondition(start >= 0 && start <= bytes.count, "start outside the bytes")
        return bytes.withUnsafeBufferPointer { buffer -> Int in
            let n = buffer.count
            var i = start
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            while i &+ 8 <= n {
                let x = UInt64(littleEndian: UnsafeRawPointer(buffer.baseAddress! + i).loadUnaligned(as: UInt64.self))
                let quote = x ^ (ones &* 0x22)
                let backslash = x ^ (ones &* 0x5C)
                // Per byte: zero (a quote or backslash after the XOR) or below 0x20. A borrow starts only at
                // such a byte and runs upwards, so the lowest flagged byte is always a true one: its index is
                // the answer (bytes above it may be flagged falsely, and do not matter).
                let special =
                    (((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((x &- ones &* 0x20) & ~x))
                    & highs
                if special != 0 { return i &+ special.trailingZeroBitCount &>> 3 }
                i &+= 8
            }
            while i < n {
                let byte = buffer[i]
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { break }
                i += 1
            }
            return i
        }
    }

    /// ``StrictJSON/fingerprint(of:)`` of `bytes[start..<end]`, with one load when eight bytes are
    /// readable from `start`.
    @inline(__always)
    static func fingerprint(_ bytes: [UInt8], _ start: Int, _ end: Int) -> UInt64 {
        precondition(start >= 0 && start <= end && end <= bytes.count, "range outside the bytes")
        let length = end - start
        let tag = UInt64(truncatingIfNeeded: length) << 56
        return bytes.withUnsafeBufferPointer { buffer -> UInt64 in
            if start + 8 <= buffer.count {
                let word = UInt64(
                    littleEndian: UnsafeRawPointer(buffer.baseAddress! + start).loadUnaligned(as: UInt64.self))
                return (length >= 8 ? word : word & ((1 << UInt64(length &* 8)) &- 1)) ^ tag
            }
            var word: UInt64 = 0
            var k = 0
            while k < length, k < 8 {
                word |= UInt64(buffer[start + k]) << UInt64(k &* 8)
                k += 1
            }
            return word ^ tag
        }
    }

    /// Whether the `count` bytes at `a` and at `b` are the same (memcmp).
    @inline(__always)
    static func equal(_ bytes: [UInt8], _ a: Int, _ b: Int, count: Int) -> Bool {
        precondition(
            a >= 0 && b >= 0 && count >= 0 && a + count <= bytes.count && b + count <= bytes.count,
            "range outside the bytes")
        if count == 0 { return true }
        return bytes.withUnsafeBufferPointer { buffer in
            memcmp(buffer.baseAddress! + a, buffer.baseAddress! + b, count) == 0
        }
    }

    /// Whether the `other.count` bytes of `bytes` at `start` are `other` (memcmp).
    @inline(__always)
    static func equal(_ bytes: [UInt8], at start: Int, _ other: [UInt8]) -> Bool {
        precondition(start >= 0 && start <= bytes.count - other.count, "range outside the bytes")
        if other.isEmpty { return true }
        return bytes.withUnsafeBufferPointer { a in
            other.withUnsafeBufferPointer { b in memcmp(a.baseAddress! + start, b.baseAddress!, b.count) == 0 }
        }
    }

    /// Whether every UTF-8 byte of `text` is in a compact JWS's alphabet: base64url (`A-Z a-z 0-9 - _`)
    /// and `.`. One branch-free pass over the string's own storage (no copy for native strings), so the
    /// compiler can vectorise it; no early exit, so its time does not depend on where a bad byte sits.
    @inline(__always)
    static func isCompactJWSAlphabet(_ text: String) -> Bool {
        if let result = text.utf8.withContiguousStorageIfAvailable(allCompactJWSBytes) { return result }
        return Array(text.utf8).withUnsafeBufferPointer(allCompactJWSBytes)
    }

    private static func allCompactJWSBytes(_ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = buffer.baseAddress else { return true }
        let n = buffer.count
        var i = 0
        // A 256-entry table (0 for the alphabet, 1 otherwise) OR-ed over eight bytes per step: two
        // instructions a byte, no branch on the data.
        var bad: UInt64 = 0
        compactJWSTable.withUnsafeBufferPointer { table in
            guard let t = table.baseAddress else { return }
            while i + 8 <= n {
                let p = base + i
                bad |= UInt64(
                    t[Int(p[0])] | t[Int(p[1])] | t[Int(p[2])] | t[Int(p[3])]
                        | t[Int(p[4])] | t[Int(p[5])] | t[Int(p[6])] | t[Int(p[7])])
                i += 8
            }
        }
        while i < n {
            bad |= isCompactJWSByte(base[i]) ? 0 : 1
            i += 1
        }
        return bad == 0
    }

    /// 0 for the bytes of ``isCompactJWSByte(_:)``, 1 for every other byte.
    private static let compactJWSTable: [UInt8] = (0...255).map { isCompactJWSByte(UInt8($0)) ? 0 : 1 }

    /// The plain rule: `A-Z a-z 0-9 - _ .`.
    @inline(__always)
    static func isCompactJWSByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
            true
        default: false
        }
    }

    /// Whether two strings have the same UTF-8 bytes (memcmp over their own storage): byte identity,
    /// not Swift's Unicode-canonical `String ==`. `b` may be a `Substring` (the token inside an
    /// `Authorization` value, compared where it lies).
    @inline(__always)
    static func sameUTF8(_ a: String, _ b: some StringProtocol) -> Bool {
        let count = a.utf8.count
        guard count == b.utf8.count else { return false }
        if count == 0 { return true }
        let fast = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y -> Bool in
                guard let p = x.baseAddress, let q = y.baseAddress else { return x.elementsEqual(y) }
                return memcmp(p, q, count) == 0
            }
        }
        if let fast, let result = fast { return result }
        return a.utf8.elementsEqual(b.utf8)
    }

    /// Decodes the base64url text `input[range]`, refusing non-canonical final characters; nil when any
    /// character is outside the alphabet or the length is ≡ 1 (mod 4).
    ///
    /// `table` has 256 entries (0...63 for the alphabet, 0xFF otherwise), for the last one to three
    /// characters. `shifted` has 4 × 256 entries: quarter `k` maps a character at position `k` of a
    /// four-character group straight to its bits within the group's three output bytes (little-endian,
    /// bytes 0...2), and every byte outside the alphabet to bit 24. A full group is then four table loads
    /// OR-ed together, two groups to one eight-byte store (the bytes past the six are overwritten by the
    /// next store, and the output has two bytes of spare capacity for the last), with no shift or mask per
    /// character.
    static func decodeBase64URL(_ input: [UInt8], _ range: Range<Int>, table: [UInt8], shifted: [UInt32])
        -> [UInt8]?
    {
        // The pointer loop below trusts the range and the tables: check them once, cheaply.
        precondition(range.lowerBound >= 0 && range.upperBound <= input.count, "range outside the input")
        precondition(table.count == 256, "the decode table has 256 entries")
        precondition(shifted.count == 1024, "the shifted decode tables have 4 x 256 entries")
        let count = range.count
        let remainder = count % 4
        if remainder == 1 { return nil }
        if count == 0 { return [] }
        let outputCount = count / 4 * 3 + (remainder == 0 ? 0 : remainder - 1)
        var valid = true
        // One pass over raw pointers: no per-byte bounds or capacity checks. Two spare bytes of capacity:
        // the last eight-byte store writes two bytes past its six (a four-byte one, one past its three).
        let output = [UInt8](unsafeUninitializedCapacity: outputCount + 2) { out, initialized in
            shifted.withUnsafeBufferPointer { quarters in
                table.withUnsafeBufferPointer { table in
                    input.withUnsafeBufferPointer { whole in
                        let src = whole.baseAddress! + range.lowerBound
                        let q = quarters.baseAddress!
                        let dst = UnsafeMutableRawPointer(out.baseAddress!)
                        var i = 0
                        var o = 0
                        let fullEnd = count - remainder
                        var badWords: UInt32 = 0
                        // Two groups per step: six bytes in one eight-byte store.
                        while i &+ 8 <= fullEnd {
                            let first =
                                q[Int(src[i])] | q[256 &+ Int(src[i &+ 1])] | q[512 &+ Int(src[i &+ 2])]
                                | q[768 &+ Int(src[i &+ 3])]
                            let second =
                                q[Int(src[i &+ 4])] | q[256 &+ Int(src[i &+ 5])] | q[512 &+ Int(src[i &+ 6])]
                                | q[768 &+ Int(src[i &+ 7])]
                            badWords |= first | second
                            let six = UInt64(first) | UInt64(second) << 24
                            dst.storeBytes(of: six.littleEndian, toByteOffset: o, as: UInt64.self)
                            i &+= 8
                            o &+= 6
                        }
                        if i < fullEnd {
                            let word =
                                q[Int(src[i])] | q[256 &+ Int(src[i &+ 1])] | q[512 &+ Int(src[i &+ 2])]
                                | q[768 &+ Int(src[i &+ 3])]
                            badWords |= word
                            dst.storeBytes(of: word.littleEndian, toByteOffset: o, as: UInt32.self)
                            i &+= 4
                            o &+= 3
                        }
                        var bad: UInt8 = 0
                        if remainder == 2 {
                            let a = table[Int(src[i])]
                            let b = table[Int(src[i + 1])]
                            bad |= a | b
                            if b & 0x0F != 0 { bad |= 0xC0 }
                            dst.storeBytes(of: a << 2 | b >> 4, toByteOffset: o, as: UInt8.self)
                        } else if remainder == 3 {
                            let a = table[Int(src[i])]
                            let b = table[Int(src[i + 1])]
                            let c = table[Int(src[i + 2])]
                            bad |= a | b | c
                            if c & 0x03 != 0 { bad |= 0xC0 }
                            dst.storeBytes(of: a << 2 | b >> 4, toByteOffset: o, as: UInt8.self)
                            dst.storeBytes(of: (b & 0x0F) << 4 | c >> 2, toByteOffset: o + 1, as: UInt8.self)
                        }
                        // `table` entries are 0...63 for the alphabet and 0xFF otherwise: any high bit means
                        // invalid; `shifted` entries set bit 24 (and only it above bit 23) for invalid bytes.
                        valid = bad & 0xC0 == 0 && badWords >> 24 == 0
                    }
                }
            }
            initialized = outputCount
        }
        return valid ? output : nil
    }
}
