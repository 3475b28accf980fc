/// What ``VerifiedSession/has(_:)`` checks, Clerk's `has()` parameters: an organization role and
/// permission, a billing feature and plan, and a reverification requirement, each optional.
///
/// Every dimension given must hold, and at least one must be given: an empty check is never satisfied.
///
/// ```swift
/// session.has(.permission("org:invoices:manage"))
/// session.has(AuthorizationCheck(role: "admin", reverification: .strict))
/// session.has(.plan("o:business"))
/// ```
///
/// Roles and permissions are compared with Clerk's `org:` normalisation (`admin`, `org:admin` and
/// `org:org:admin` are the same role); features and plans take an optional scope (`o:`, `org:`,
/// `organization:`, `u:`, `user:`). See <doc:Authorization> for the exact rules.
public struct AuthorizationCheck: Sendable, Hashable {
    /// An organization role, e.g. `admin` or `org:admin`.
    public var role: String?
    /// An organization permission, e.g. `org:invoices:read` or `invoices:read`.
    public var permission: String?
    /// A feature, e.g. `reports`, `o:reports` or `user:export`.
    public var feature: String?
    /// A plan, e.g. `pro`, `o:business` or `u:pro`.
    public var plan: String?
    /// How recently the user must have verified their factors.
    public var reverification: ReverificationRequirement?

    /// A check of every dimension given (`nil` leaves a dimension out).
    public init(
        role: String? = nil, permission: String? = nil, feature: String? = nil, plan: String? = nil,
        reverification: ReverificationRequirement? = nil
    ) {
        self.role = role
        self.permission = permission
        self.feature = feature
        self.plan = plan
        self.reverification = reverification
    }

    /// A check of an organization role alone.
    public static func role(_ role: String) -> Self { Self(role: role) }
    /// A check of an organization permission alone.
    public static func permission(_ permission: String) -> Self { Self(permission: permission) }
    /// A check of a feature alone.
    public static func feature(_ feature: String) -> Self { Self(feature: feature) }
    /// A check of a plan alone.
    public static func plan(_ plan: String) -> Self { Self(plan: plan) }
    /// A check of a reverification requirement alone.
    public static func reverification(_ requirement: ReverificationRequirement) -> Self {
        Self(reverification: requirement)
    }

    /// Whether no dimension is given (such a check is never satisfied).
    public var isEmpty: Bool {
        role == nil && permission == nil && feature == nil && plan == nil && reverification == nil
    }
}
