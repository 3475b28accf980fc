#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A wall clock in seconds since 1970, injectable for tests.
public struct ClerkClock: Sendable {
    private let read: @Sendable () -> Double

    /// A clock reading `now`.
    public init(_ now: @escaping @Sendable () -> Double) { self.read = now }

    /// The current time in seconds since 1970.
    public func now() -> Double { read() }

    /// The system's wall clock.
    public static let system = ClerkClock { Date().timeIntervalSince1970 }

    /// A clock stopped at `seconds`.
    public static func fixed(_ seconds: Double) -> ClerkClock { ClerkClock { seconds } }
}
