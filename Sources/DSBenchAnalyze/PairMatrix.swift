import Foundation
import DSBenchCore

/// One measured pair of a pairwise run: its busbw at the bandwidth band (the median over repeats).
public struct PairCell: Sendable, Codable, Equatable {
    public var a: String
    public var b: String
    public var busbw: Double
    /// Below `PairMatrix.slowBelow`.
    public var slow: Bool
    /// The step (a repeat of it) the value comes from.
    public var stepKey: String

    public init(a: String, b: String, busbw: Double, slow: Bool, stepKey: String) {
        self.a = a; self.b = b; self.busbw = busbw; self.slow = slow; self.stepKey = stepKey
    }
}

/// What the pairwise analysis blames.
public struct PairCulprit: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable {
        /// A node or GPU whose every pair is slow.
        case member
        /// One slow pair whose members are fine with everyone else.
        case link
    }

    public var kind: Kind
    /// The node or GPU (`member`), or the two ends (`link`).
    public var members: [String]
    public var slowPairs: Int
    public var pairs: Int
    /// What the topology says the path is (`NV18`, `SYS: across NUMA nodes` …); nil when unknown.
    public var path: String?

    public init(kind: Kind, members: [String], slowPairs: Int, pairs: Int, path: String? = nil) {
        self.kind = kind; self.members = members; self.slowPairs = slowPairs; self.pairs = pairs; self.path = path
    }
}

/// The pair matrix of one series (step and env variant; for GPU pairs also the node): every
/// measured pair's busbw against the fleet median of the pairs and the catalogue's figure, and the
/// culprits the pattern of slow pairs names. Built by `PairAnalysis`, stored per run (table
/// `pair_matrices`), drawn by `show` and the report; the health rules `pairs.*` turn its culprits
/// into findings, which the verdict reads like any other.
public struct PairMatrix: Sendable, Codable, Equatable {
    public var series: String
    public var step: String
    public var scope: PairSlot.Scope
    /// The node whose GPUs were paired (`gpus` scope); nil for node pairs.
    public var node: String?
    /// Every member measured, in plan order (nodes) or by index (GPUs).
    public var members: [String]
    public var cells: [PairCell]
    public var fleetMedian: Double
    public var expectedBusbw: Double?
    /// `8 × NVIDIA H200 over NV18` and the figure's source, when the catalogue has one.
    public var expectedHardware: String?
    /// A pair below this busbw is slow: `fraction` × the fleet median.
    public var slowBelow: Double
    public var fraction: Double
    public var culprits: [PairCulprit]

    public func cell(_ a: String, _ b: String) -> PairCell? {
        cells.first { ($0.a == a && $0.b == b) || ($0.a == b && $0.b == a) }
    }

    /// A pair's busbw over the pairs' median: what the heatmap colours.
    public func ratioToMedian(_ cell: PairCell) -> Double { cell.busbw / fleetMedian }
}

/// The stored form of a pair matrix (table `pair_matrices`).
public enum PairMatrixJSON {
    public static func encode(_ matrix: PairMatrix) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(matrix), as: UTF8.self)
    }

    public static func decode(_ text: String) throws -> PairMatrix {
        try JSONDecoder().decode(PairMatrix.self, from: Data(text.utf8))
    }
}
