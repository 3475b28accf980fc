import ClerkSession
import FuzzFixtures

/// Mutations of a valid token never verify unless the result is byte-identical to a valid token.
///
/// Input: one byte choosing a fixture token, then 4-byte edits `op, position (2 bytes), value`:
/// xor a byte, insert, delete, overwrite, truncate, duplicate a range, or swap two bytes. The edited
/// token goes to the verifier with and without the cache.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let script = UnsafeBufferPointer(start: data, count: size)
    guard let choice = script.first else { return 0 }
    var token = Fixtures.validTokenBytes[Int(choice) % Fixtures.validTokenBytes.count]
    var index = 1
    while index + 4 <= script.count, !token.isEmpty {
        let op = script[index] % 7
        let position = (Int(script[index + 1]) << 8 | Int(script[index + 2])) % token.count
        let value = script[index + 3]
        switch op {
        case 0: token[position] ^= value == 0 ? 1 : value
        case 1: token.insert(value, at: position)
        case 2: token.remove(at: position)
        case 3: token[position] = value
        case 4: token.removeSubrange(position...)
        case 5:
            let end = min(token.count, position + Int(value) + 1)
            token.insert(contentsOf: token[position..<end], at: end)
        default: token.swapAt(position, Int(value) % token.count)
        }
        index += 4
    }
    let text = String(decoding: token, as: UTF8.self)
    let identical = Fixtures.isValidToken(text.utf8)
    for verifier in [Fixtures.cachedVerifier, Fixtures.uncachedVerifier] {
        do {
            _ = try verifier.verify(text)
            if !identical { fuzzFailure("a mutated token verified") }
        } catch {
            if identical { fuzzFailure("an unmutated fixture token failed: \(error.code)") }
        }
    }
    return 0
}
