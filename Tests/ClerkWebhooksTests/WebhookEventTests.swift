import ClerkSession
import ClerkTesting
import Testing

@testable import ClerkWebhooks

/// Issue 14 (2): the envelope and the typed payloads of the events that matter to sessions; every other
/// type intact as raw JSON; a signed body that is not an event is a typed error.
@Suite("Webhook events")
struct WebhookEventTests {
    static let now: Int64 = 1_716_883_200

    static func session(_ type: String, status: String) -> String {
        """
        {"event_attributes":{"http_request":{"client_ip":"192.168.1.100","user_agent":"Mozilla/5.0"}},\
        "object":"event","type":"\(type)","instance_id":"ins_2g7np7Hrk0SN6kj5EDMLDaKNL0S","timestamp":1716883200,\
        "data":{"object":"session","id":"sess_2g7np7Hrk0SN6kj5EDMLDaKNL0S","user_id":"user_2g7np7Hrk0SN6kj5EDMLDaKNL0S",\
        "user":{"object":"user","id":"user_2g7np7Hrk0SN6kj5EDMLDaKNL0S","banned":false,"locked":false},\
        "client_id":"client_2g7np7Hrk0SN6kj5EDMLDaKNL0S","actor":null,"status":"\(status)",\
        "last_active_organization_id":null,"last_active_at":1716883200000,"latest_activity":null,\
        "expire_at":1716969600000,"abandon_at":1716969600000,"updated_at":1716883200000,"created_at":1716883200000}}
        """
    }

    /// Signs `body` and verifies it: the delivery the endpoint would see.
    static func deliver(_ body: String) throws(ClerkWebhookError) -> ClerkWebhookDelivery {
        let signer = TestWebhookSigner()
        let bytes = Array(body.utf8)
        let verifier = ClerkWebhookVerifier(
            secret: try ClerkWebhookSecret(signer.secretText), configuration: .init(clock: .fixed(Double(now))))
        return try verifier.verify(
            body: bytes, headers: signer.headers(id: "msg_event", timestamp: now, body: bytes))
    }

    @Test(
        "session.created, pending, ended, removed and revoked: typed session data and envelope",
        arguments: [
            ("session.created", "active"), ("session.pending", "pending"), ("session.ended", "ended"),
            ("session.removed", "removed"), ("session.revoked", "revoked"),
        ])
    func sessions(type: String, status: String) throws {
        let delivery = try Self.deliver(Self.session(type, status: status))
        let event = delivery.event
        #expect(delivery.id == "msg_event")
        #expect(event.type == ClerkWebhookEventType(type))
        #expect(event.object == "event")
        #expect(event.timestamp == 1_716_883_200)
        #expect(event.instanceID == "ins_2g7np7Hrk0SN6kj5EDMLDaKNL0S")
        #expect(event.httpRequest?.clientIP == "192.168.1.100")
        #expect(event.httpRequest?.userAgent == "Mozilla/5.0")
        guard case .session(let session) = event.payload else {
            Issue.record("not a session payload")
            return
        }
        #expect(session.id == "sess_2g7np7Hrk0SN6kj5EDMLDaKNL0S")
        #expect(session.userID == "user_2g7np7Hrk0SN6kj5EDMLDaKNL0S")
        #expect(session.clientID == "client_2g7np7Hrk0SN6kj5EDMLDaKNL0S")
        #expect(session.status == status)
        #expect(session.expireAt == 1_716_969_600_000)
        #expect(
            ClerkWebhookEventType.terminalSessionTypes.contains(event.type)
                == ["ended", "removed", "revoked"].contains(status))
    }

    @Test("user.deleted, user.updated and organizationMembership.deleted are typed")
    func userAndMembership() throws {
        let deleted = try Self.deliver(
            #"{"object":"event","type":"user.deleted","instance_id":"ins_1","timestamp":1716883200,"data":{"object":"user","id":"user_gone","deleted":true,"external_id":"ex_1"}}"#
        )
        guard case .userDeleted(let object) = deleted.event.payload else {
            Issue.record("not a deletion")
            return
        }
        #expect(object.id == "user_gone")
        #expect(object.deleted)
        #expect(object.externalID == "ex_1")

        let banned = try Self.deliver(
            #"{"object":"event","type":"user.updated","timestamp":1716883200,"data":{"object":"user","id":"user_b","banned":true,"locked":false,"updated_at":1716883200001,"email_addresses":[]}}"#
        )
        guard case .userUpdated(let user) = banned.event.payload else {
            Issue.record("not a user update")
            return
        }
        #expect(user.id == "user_b" && user.banned && !user.locked && user.updatedAt == 1_716_883_200_001)

        let left = try Self.deliver(
            #"{"object":"event","type":"organizationMembership.deleted","timestamp":1,"data":{"object":"organization_membership","id":"orgmem_1","role":"org:member","organization":{"id":"org_1","slug":"acme"},"public_user_data":{"user_id":"user_m","identifier":"m@example.com"}}}"#
        )
        guard case .organizationMembershipDeleted(let membership) = left.event.payload else {
            Issue.record("not a membership deletion")
            return
        }
        #expect(membership.id == "orgmem_1")
        #expect(membership.organizationID == "org_1")
        #expect(membership.userID == "user_m")
        #expect(membership.role == "org:member")
    }

    @Test("any other type arrives intact: raw bytes, and data decodable on demand")
    func otherTypes() throws {
        struct Email: Decodable { let id: String }
        let body = #"{"object":"event","type":"email.created","timestamp":1,"data":{"id":"ema_1","extra":[1,2,3]}}"#
        let delivery = try Self.deliver(body)
        guard case .other = delivery.event.payload else {
            Issue.record("typed an unknown type")
            return
        }
        #expect(delivery.event.rawJSON == Array(body.utf8))
        #expect(try delivery.event.decodeData(as: Email.self).id == "ema_1")
    }

    @Test(
        "a signed body that is not an event: webhook-body-invalid; a known type without its members: webhook-event-invalid"
    )
    func invalidBodies() throws {
        for body in ["", "[]", "null", "{\"data\":{}}", "{\"type\":42}", "{\"type\":\"session.revoked\"", "\u{FEFF}"] {
            var code = "accepted"
            do { _ = try Self.deliver(body) } catch { code = error.code.rawValue }
            #expect(code == "webhook-body-invalid", "\(body)")
        }
        for body in [
            #"{"type":"session.revoked","data":{"object":"session","user_id":"user_1"}}"#,
            #"{"type":"session.revoked"}"#, #"{"type":"user.deleted","data":{"object":"user","id":"user_1"}}"#,
            #"{"type":"organizationMembership.deleted","data":{"id":"orgmem_1","organization":{}}}"#,
        ] {
            var code = "accepted"
            do { _ = try Self.deliver(body) } catch { code = error.code.rawValue }
            #expect(code == "webhook-event-invalid", "\(body)")
        }
        // Optional envelope members of a surprising shape never cost the event.
        let odd = try Self.deliver(
            #"{"type":"session.ended","object":7,"timestamp":"soon","instance_id":null,"event_attributes":[],"data":{"id":"sess_1","user_id":"user_1","status":3}}"#
        )
        #expect(odd.event.object == nil && odd.event.timestamp == nil && odd.event.httpRequest == nil)
        guard case .session(let session) = odd.event.payload else {
            Issue.record("not a session")
            return
        }
        #expect(session.status == nil)
    }

    @Test("event types compare as bytes, not as canonically equivalent text")
    func byteIdentity() throws {
        // "session.revoked" with a combining sequence that Unicode folds: a different type.
        let lookalike = try Self.deliver(
            #"{"type":"session.revok\u0065\u0301d","data":{"id":"sess_1","user_id":"user_1"}}"#)
        #expect(lookalike.event.type != .sessionRevoked)
        guard case .other = lookalike.event.payload else {
            Issue.record("a look-alike type was typed")
            return
        }
        #expect(ClerkWebhookEventType("K") != ClerkWebhookEventType("\u{212A}"))
        #expect(Set([ClerkWebhookEventType("K"), ClerkWebhookEventType("\u{212A}")]).count == 2)
    }
}
