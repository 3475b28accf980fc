/// Clerk's `SessionActivityResponse`: where and on what the session was last used.
public struct SessionActivity: Sendable, Hashable, Codable {
    /// Always `session_activity`.
    public var object: String
    /// The activity id.
    public var id: String
    /// The device type, e.g. `Macintosh`.
    public var deviceType: String?
    /// Whether the device is mobile.
    public var isMobile: Bool
    /// The browser name.
    public var browserName: String?
    /// The browser version.
    public var browserVersion: String?
    /// The client IP address.
    public var ipAddress: String?
    /// The city (from the IP address).
    public var city: String?
    /// The country (from the IP address).
    public var country: String?

    /// An activity record.
    public init(
        object: String = "session_activity", id: String, deviceType: String? = nil, isMobile: Bool,
        browserName: String? = nil, browserVersion: String? = nil, ipAddress: String? = nil,
        city: String? = nil, country: String? = nil
    ) {
        self.object = object
        self.id = id
        self.deviceType = deviceType
        self.isMobile = isMobile
        self.browserName = browserName
        self.browserVersion = browserVersion
        self.ipAddress = ipAddress
        self.city = city
        self.country = country
    }

    enum CodingKeys: String, CodingKey {
        case object, id, city, country
        case deviceType = "device_type"
        case isMobile = "is_mobile"
        case browserName = "browser_name"
        case browserVersion = "browser_version"
        case ipAddress = "ip_address"
    }

    /// Encodes the API's shape, absent values as `null`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(object, forKey: .object)
        try c.encode(id, forKey: .id)
        try c.encode(deviceType, forKey: .deviceType)
        try c.encode(isMobile, forKey: .isMobile)
        try c.encode(browserName, forKey: .browserName)
        try c.encode(browserVersion, forKey: .browserVersion)
        try c.encode(ipAddress, forKey: .ipAddress)
        try c.encode(city, forKey: .city)
        try c.encode(country, forKey: .country)
    }
}
