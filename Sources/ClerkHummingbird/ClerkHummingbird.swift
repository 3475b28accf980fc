#if !Hummingbird
#error("ClerkHummingbird needs the \"Hummingbird\" trait: .package(url: ..., traits: [\"Hummingbird\"])")
#endif
