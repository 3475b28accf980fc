import ClerkBackend

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

enum JSONDecoderShim {
    static func decode(_ text: String) throws -> ClerkJSONValue {
        try JSONDecoder().decode(ClerkJSONValue.self, from: Data(text.utf8))
    }
}
