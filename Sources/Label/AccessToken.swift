/// Personal access tokens. A token is 32 random bytes from the operating system's CSPRNG
/// (`SystemRandomNumberGenerator`, getrandom(2) on Linux): tokens are secrets, so unlike every
/// other random choice in Ceiling they must not be reproducible from a seed. Only the SHA-256 of
/// a token is stored; the token itself is printed once.
public enum AccessToken {
    /// A new token: `clt_` followed by 64 hexadecimal digits.
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return "clt_" + SHA256.hexString((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// What the database stores for a token.
    public static func hash(_ token: String) -> String { SHA256.hex(token) }

    /// The form token that proves a POST came from a page this server rendered for this session
    /// (synchronizer token; the session cookie is also SameSite=Strict).
    public static func csrfToken(secret: String, tokenHash: String) -> String { SHA256.hex("csrf:" + secret + ":" + tokenHash) }

    /// Compares two strings in time independent of where they first differ.
    public static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
