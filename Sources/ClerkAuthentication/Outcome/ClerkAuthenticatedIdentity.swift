import ClerkSession

/// A type an adapter can store as a request's identity: ``ClerkSession/VerifiedSession`` (sessions only; a
/// machine identity leaves it empty) or ``ClerkSession/ClerkIdentity`` (sessions and machines).
///
/// Hummingbird's `ClerkAuthenticationMiddleware` works with any `AuthRequestContext` whose `Identity`
/// conforms.
public protocol ClerkAuthenticatedIdentity: Sendable {
    /// The identity for a verified session, or nil when this type cannot hold one.
    static func clerkIdentity(session: VerifiedSession) -> Self?
    /// The identity for a verified machine token, or nil when this type cannot hold one.
    static func clerkIdentity(machine: MachineIdentity) -> Self?
}

extension VerifiedSession: ClerkAuthenticatedIdentity {
    /// The session itself.
    @inlinable
    public static func clerkIdentity(session: VerifiedSession) -> VerifiedSession? { session }
    /// Nil: a session identity cannot hold a machine.
    @inlinable
    public static func clerkIdentity(machine: MachineIdentity) -> VerifiedSession? { nil }
}

extension ClerkIdentity: ClerkAuthenticatedIdentity {
    /// `.session(session)`.
    @inlinable
    public static func clerkIdentity(session: VerifiedSession) -> ClerkIdentity? { .session(session) }
    /// `.machine(machine)`.
    @inlinable
    public static func clerkIdentity(machine: MachineIdentity) -> ClerkIdentity? { .machine(machine) }
}
