import DSBenchCore

/// `nvidia-smi nvlink -e`: per GPU, per link, the error counters NVML keeps (Replay, Recovery,
/// CRC, and on some drivers CRC Data / CRC Flit separately). No real capture exists here (the H200
/// machines lent so far have none with NVLink errors to show, and the 8×H200 capture set has no
/// `-e`); the layout is NVIDIA's documented one, built into Tests/Fixtures/health/ and said so there:
///
///     GPU 0: NVIDIA H200 (UUID: GPU-…)
///          Link 0: Replay Errors: 0
///          Link 0: Recovery Errors: 0
///          Link 0: CRC Errors: 0
///
/// Each counter becomes `nvlink.link<N>.<counter>` (`nvlink.link0.crc_errors`).
///
/// ASCII lines are read on bytes, the key of each distinct `Link N: Counter` text made once;
/// other lines on `Substring`s as before (the two agree on ASCII). Decoding the capture, splitting
/// every line on `:` into `Substring`s and building the key per line parsed 9.5 MB/s.
public enum NvlinkErrorsParser {
    public static func parse(_ bytes: [UInt8]) -> GPUHealthReport {
        bytes.withUnsafeBufferPointer { buffer in
            var state = State()
            var poll = CancellationPoll()
            for line in ByteLines(buffer) {
                if poll.shouldStop() { break }
                if ByteText.isASCII(buffer, line.range) {
                    state.read(buffer, ByteText.trim(buffer, line.range), number: line.number)
                } else {
                    state.read(ByteText.string(buffer, line.range).trimmedSpaces, number: line.number)
                }
            }
            return state.finished()
        }
    }

    private enum LinkKey { case key(String), noCounter, unreadable }

    private struct State {
        var report = GPUHealthReport(source: "nvlink-errors")
        var log = CappedDiagnostics()
        var keys = ByteKeyCache<LinkKey>()

        /// An ASCII line, trimmed.
        mutating func read(_ buffer: UnsafeBufferPointer<UInt8>, _ text: Range<Int>, number: Int) {
            let colon = ByteSearch.first(0x3A, in: buffer, from: text.lowerBound, to: text.upperBound)
            if ByteText.hasPrefix("GPU ", buffer, text), let colon {
                newGPU(Int(ByteText.string(buffer, (text.lowerBound + 4)..<colon)))
                return
            }
            guard ByteText.hasPrefix("Link ", buffer, text), !report.gpus.isEmpty else { return }
            guard let colon, let second = ByteSearch.first(0x3A, in: buffer, from: colon + 1, to: text.upperBound) else {
                return unreadable(number)
            }
            let head = text.lowerBound..<second
            let key: LinkKey
            if let known = keys.value(buffer, head) {
                key = known
            } else {
                let link = ByteText.trim(buffer, text.lowerBound..<colon)
                let digits = min(link.lowerBound + 5, link.upperBound)..<link.upperBound
                key = Self.key(link: Int(ByteText.string(buffer, digits)),
                               counter: GPUHealthKey.slug(ArraySlice(buffer[ByteText.trim(buffer, (colon + 1)..<second)])))
                keys.insert(key, for: buffer, head)
            }
            let rest = (second + 1)..<text.upperBound
            var value = ByteText.string(buffer, ByteText.trim(buffer, rest))
            if ByteSearch.first(0x3A, in: buffer, from: rest.lowerBound, to: rest.upperBound) != nil {
                // `parts[2...]` of the `Substring` reading: each part trimmed, joined by `:`.
                value = String(ByteText.string(buffer, rest).split(separator: ":", omittingEmptySubsequences: false)
                    .map { $0.trimmedSpaces }.joined(separator: ":").trimmedSpaces)
            }
            store(key, value, number: number)
        }

        /// A line that is not all ASCII, trimmed: the same steps on `Character`s.
        mutating func read(_ text: Substring, number: Int) {
            if text.hasPrefix("GPU "), let colon = text.firstIndex(of: ":") {
                newGPU(Int(text[text.index(text.startIndex, offsetBy: 4)..<colon]))
                return
            }
            guard text.hasPrefix("Link "), !report.gpus.isEmpty else { return }
            let parts = text.split(separator: ":", omittingEmptySubsequences: false).map { $0.trimmedSpaces }
            guard parts.count >= 3 else { return unreadable(number) }
            let key = Self.key(link: Int(parts[0].dropFirst(5)), counter: GPUHealthKey.slug(parts[1]))
            store(key, String(parts[2...].joined(separator: ":").trimmedSpaces), number: number)
        }

        private static func key(link: Int?, counter: String) -> LinkKey {
            guard let link else { return .unreadable }
            return counter.isEmpty ? .noCounter : .key("nvlink.link\(link).\(counter)")
        }

        private mutating func newGPU(_ index: Int?) {
            var snapshot = GPUHealthSnapshot(index: index ?? report.gpus.count)
            // Room for as many counters as the GPU before had: growing the array four times per GPU
            // was a twentieth of the parse.
            snapshot.values.reserveCapacity(report.gpus.last?.values.count ?? 0)
            report.gpus.append(snapshot)
        }

        /// `Link 0: Replay Errors: 0` (one counter a line); a value of `N/A` is no reading.
        private mutating func store(_ key: LinkKey, _ value: String, number: Int) {
            switch key {
            case .unreadable: unreadable(number)
            case .noCounter: break
            case .key(let key):
                guard !GPUHealthKey.isAbsent(value[...]) else { return }
                report.gpus[report.gpus.count - 1].setReading(key, value)
            }
        }

        private mutating func unreadable(_ number: Int) {
            log.add(.warning, line: number, kind: "link line", "a Link line without `Link N: Counter: value`")
        }

        mutating func finished() -> GPUHealthReport {
            if report.gpus.isEmpty {
                log.add(.error, line: nil, kind: "no gpu", "not nvidia-smi nvlink -e output: no `GPU N:` line")
            }
            report.diagnostics = log.finished()
            return report
        }
    }
}
