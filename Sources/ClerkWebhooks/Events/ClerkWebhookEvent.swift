#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A Clerk webhook event: the envelope, a typed payload for the types that matter to sessions, and the
/// body as it was signed.
///
/// Read only after the signature verified (``ClerkWebhookVerifier/verify(body:headers:)``): nothing here is
/// parsed from an unauthenticated body.
public struct ClerkWebhookEvent: Sendable {
    /// The typed `data` of the event types this package acts on; ``other`` for every other type.
    public enum Payload: Sendable {
        /// `session.created|pending|ended|removed|revoked`.
        case session(ClerkSessionEventData)
        /// `user.updated`.
        case userUpdated(ClerkUserEventData)
        /// `user.deleted`.
        case userDeleted(ClerkDeletedObjectData)
        /// `organizationMembership.deleted`.
        case organizationMembershipDeleted(ClerkOrganizationMembershipEventData)
        /// Any other type: read ``ClerkWebhookEvent/rawJSON`` or ``ClerkWebhookEvent/decodeData(as:)``.
        case other
    }

    /// `type`.
    public let type: ClerkWebhookEventType
    /// `object` (always `event` from Clerk).
    public let object: String?
    /// `timestamp` as sent (Clerk's documentation says milliseconds, its OpenAPI examples seconds).
    public let timestamp: Int64?
    /// `instance_id`.
    public let instanceID: String?
    /// `event_attributes.http_request`: the client that caused the event, when Clerk says.
    public let httpRequest: ClerkWebhookHTTPRequest?
    /// The typed `data`.
    public let payload: Payload
    /// The whole body, bytes unchanged.
    public let rawJSON: [UInt8]

    /// Reads a signed body.
    ///
    /// - Throws: ``ClerkWebhookError/Code-swift.struct/bodyInvalid`` when it is not a JSON object with a
    ///   string `type`; ``ClerkWebhookError/Code-swift.struct/eventInvalid`` when a known type's `data` lacks
    ///   what the type requires.
    public init(json body: [UInt8]) throws(ClerkWebhookError) {
        let envelope: Envelope
        do {
            envelope = try JSONDecoder().decode(Envelope.self, from: Data(body))
        } catch {
            throw ClerkWebhookError(.bodyInvalid, "the body is not a JSON object with a string \"type\"")
        }
        let type = ClerkWebhookEventType(envelope.type)
        self.type = type
        self.object = envelope.object
        self.timestamp = envelope.timestamp
        self.instanceID = envelope.instanceID
        self.httpRequest = envelope.eventAttributes?.httpRequest
        self.rawJSON = body
        do {
            if ClerkWebhookEventType.sessionTypes.contains(type) {
                payload = .session(try Self.data(ClerkSessionEventData.self, body))
            } else if type == .userUpdated {
                payload = .userUpdated(try Self.data(ClerkUserEventData.self, body))
            } else if type == .userDeleted {
                payload = .userDeleted(try Self.data(ClerkDeletedObjectData.self, body))
            } else if type == .organizationMembershipDeleted {
                payload = .organizationMembershipDeleted(try Self.data(ClerkOrganizationMembershipEventData.self, body))
            } else {
                payload = .other
            }
        } catch {
            throw ClerkWebhookError(.eventInvalid, "the data of this \(type.rawValue) event lacks a required member")
        }
    }

    /// Decodes `data` as `T` (for the types without a typed payload, or for more of a typed one's members).
    public func decodeData<T: Decodable>(as type: T.Type) throws -> T { try Self.data(T.self, rawJSON) }

    private static func data<T: Decodable>(_ type: T.Type, _ body: [UInt8]) throws -> T {
        try JSONDecoder().decode(DataMember<T>.self, from: Data(body)).data
    }

    private struct DataMember<T: Decodable>: Decodable { let data: T }

    private struct Envelope: Decodable {
        let type: String
        let object: String?
        let timestamp: Int64?
        let instanceID: String?
        let eventAttributes: EventAttributes?

        enum CodingKeys: String, CodingKey {
            case type, object, timestamp
            case instanceID = "instance_id"
            case eventAttributes = "event_attributes"
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            type = try c.decode(String.self, forKey: .type)
            // Optional members are read leniently: a surprising shape there never costs the event.
            object = try? c.decodeIfPresent(String.self, forKey: .object)
            timestamp = try? c.decodeIfPresent(Int64.self, forKey: .timestamp)
            instanceID = try? c.decodeIfPresent(String.self, forKey: .instanceID)
            eventAttributes = try? c.decodeIfPresent(EventAttributes.self, forKey: .eventAttributes)
        }
    }

    private struct EventAttributes: Decodable {
        let httpRequest: ClerkWebhookHTTPRequest?
        enum CodingKeys: String, CodingKey { case httpRequest = "http_request" }
    }
}

/// `event_attributes.http_request` of an event.
public struct ClerkWebhookHTTPRequest: Sendable, Decodable {
    /// `client_ip`.
    public let clientIP: String?
    /// `user_agent`.
    public let userAgent: String?

    enum CodingKeys: String, CodingKey {
        case clientIP = "client_ip"
        case userAgent = "user_agent"
    }
}
