import CSHA256

/// SHA-256 (FIPS 180-4) without a crypto library on the nodes or on CI: the CPU's SHA
/// instructions where it has them (x86 SHA extensions, in CSHA256), else the rounds in Swift
/// below. Incremental: `update` any number of times, then `finalize` once.
///
/// Why the instructions: every raw capture is hashed as it is stored and again when it is read
/// back; the Swift rounds ran at 213 MB/s (a tenth of ingesting a 64 MiB log, perf), the
/// instructions at about 800 MB/s on the same core.
public struct SHA256: Sendable {
    /// Whether this CPU has the instructions `CSHA256` uses.
    public static let hardwareAvailable = dsb_sha256_hardware_available() != 0
    private let hardware: Bool
    private var state: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a,
        0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19
    )
    /// Bytes of an incomplete block carried to the next `update`.
    private var pending: [UInt8] = []
    private var totalBytes: UInt64 = 0

    public init() { self.init(hardware: Self.hardwareAvailable) }

    /// `hardware: false` runs the Swift rounds even where the instructions exist (the tests hold
    /// the two to each other).
    public init(hardware: Bool) {
        self.hardware = hardware && Self.hardwareAvailable
        pending.reserveCapacity(64)
    }

    /// The lowercase hex digest of `bytes`.
    public static func hex(_ bytes: [UInt8]) -> String {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize().hexString
    }

    /// The digest as lowercase hex.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String { hex(Array(bytes)) }

    /// A digest `finalize` returned, as lowercase hex.
    public static func hex(digest: [UInt8]) -> String { digest.hexString }

    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { update($0) }
    }

    public mutating func update(_ bytes: UnsafeBufferPointer<UInt8>) {
        totalBytes &+= UInt64(bytes.count)
        var offset = 0
        if !pending.isEmpty {
            let take = min(64 - pending.count, bytes.count)
            pending.append(contentsOf: bytes[0..<take])
            offset = take
            guard pending.count == 64 else { return }
            let block = pending
            block.withUnsafeBufferPointer { compress($0.baseAddress!, blocks: 1) }
            pending.removeAll(keepingCapacity: true)
        }
        guard let base = bytes.baseAddress else { return }
        let blocks = (bytes.count - offset) / 64
        if blocks > 0 {
            compress(base + offset, blocks: blocks)
            offset += 64 * blocks
        }
        if offset < bytes.count { pending.append(contentsOf: bytes[offset...]) }
    }

    /// Pads, processes the last blocks and returns the 32-byte digest.
    public mutating func finalize() -> [UInt8] {
        let bitLength = totalBytes &* 8
        var tail = pending
        tail.append(0x80)
        while tail.count % 64 != 56 { tail.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) { tail.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift))) }
        tail.withUnsafeBufferPointer { buffer in compress(buffer.baseAddress!, blocks: buffer.count / 64) }
        pending.removeAll()
        let words = [state.0, state.1, state.2, state.3, state.4, state.5, state.6, state.7]
        return words.flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> UInt32(24 - 8 * $0)) } }
    }


    private mutating func compress(_ base: UnsafePointer<UInt8>, blocks: Int) {
        if hardware {
            // The state tuple is eight contiguous UInt32, a..h, as the C function takes them.
            withUnsafeMutableBytes(of: &state) { raw in
                dsb_sha256_blocks(raw.baseAddress!.assumingMemoryBound(to: UInt32.self), base, blocks)
            }
            return
        }
        for i in 0..<blocks { compress(block: base + 64 * i) }
    }

    @inline(__always)
    private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }

    /// One 64-byte block; the message schedule lives on the stack (a tuple) to keep this loop free
    /// of allocations and bounds checks on the hot path.
    private mutating func compress(block: UnsafePointer<UInt8>) {
        var schedule: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                       UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                       UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                       UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &schedule) { raw in
            let w = raw.bindMemory(to: UInt32.self)
            for i in 0..<16 {
                let p = block + 4 * i
                w[i] = UInt32(p[0]) << 24 | UInt32(p[1]) << 16 | UInt32(p[2]) << 8 | UInt32(p[3])
            }
            for i in 16..<64 {
                let s0 = Self.rotr(w[i - 15], 7) ^ Self.rotr(w[i - 15], 18) ^ (w[i - 15] >> 3)
                let s1 = Self.rotr(w[i - 2], 17) ^ Self.rotr(w[i - 2], 19) ^ (w[i - 2] >> 10)
                w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
            }
            var (a, b, c, d, e, f, g, h) = state
            // FIPS 180-4's K, the table the SHA instructions use too.
            let k = dsb_sha256_round_constants()!
            for i in 0..<64 {
                let s1 = Self.rotr(e, 6) ^ Self.rotr(e, 11) ^ Self.rotr(e, 25)
                let choice = (e & f) ^ (~e & g)
                let t1 = h &+ s1 &+ choice &+ k[i] &+ w[i]
                let s0 = Self.rotr(a, 2) ^ Self.rotr(a, 13) ^ Self.rotr(a, 22)
                let majority = (a & b) ^ (a & c) ^ (b & c)
                let t2 = s0 &+ majority
                h = g; g = f; f = e; e = d &+ t1
                d = c; c = b; b = a; a = t1 &+ t2
            }
            state = (state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d,
                     state.4 &+ e, state.5 &+ f, state.6 &+ g, state.7 &+ h)
        }
    }
}

extension [UInt8] {
    /// Lowercase hex, two digits per byte.
    var hexString: String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(count * 2)
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
