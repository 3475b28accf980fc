#if !Vapor
#error("ClerkVapor needs the \"Vapor\" trait: .package(url: ..., traits: [\"Vapor\"])")
#endif
