import DSBenchCore
import DSBenchTestSupport
import Testing
@testable import DSBenchStore

/// The dmon writer remembers where each key of the previous sample went (by iteration order);
/// samples whose keys differ in set or order must still land in the right columns.
@Suite struct DmonColumnMappingTests {
    @Test func samplesWithChangingKeysLandInTheirColumns() throws {
        let f = try StepFixture()
        defer { f.scratch.cleanUp() }
        // Copies of one dictionary iterate in the same order (the fast path), then key sets that
        // grow, shrink and swap known and extra columns (the slow path), then copies again.
        let template: [String: Double?] = ["pwr": 1, "sm": 2, "gract": 3, "mclk": 4]
        var values: [[String: Double?]] = (0..<5).map { index in
            var copy = template
            copy["pwr"] = Double(100 + index)
            return copy
        }
        values.append(["sm": 7, "pwr": 8])
        values.append(["gract": 9, "nvlrx": 10, "pwr": 11, "sm": nil, "txpci": 12, "mclk": 13])
        values.append(["nvlrx": 14])
        values.append([:])
        values += (0..<3).map { index in
            var copy = template
            copy["gract"] = Double(200 + index)
            return copy
        }
        let samples = values.enumerated().map { index, values in
            DmonSample(gpu: index % 8, round: index / 8, timestamp: nil, values: values, line: index + 1)
        }
        try f.scratch.store.finishStep(StepCompletion(stepID: f.ncclStep, status: .completed, endedAt: Sample.start,
                                                      parsed: [(f.dmonArtifact, .dmon(DmonCapture(samples: samples)))]))
        let stored = try f.scratch.store.dmonSamples(stepID: f.ncclStep)
        #expect(stored.map(\.values) == samples.map { $0.values.compactMapValues { $0 } })
        #expect(try f.scratch.store.queryRaw("SELECT pwr || '/' || txpci || '/' || extra FROM dmon_samples WHERE txpci IS NOT NULL")
                == ["11.0/12.0/{\"gract\":9,\"nvlrx\":10}"])
        #expect(try f.scratch.count("dmon_samples", where: "extra IS NULL") == 2, "only samples without gract or nvlrx")
        #expect(try f.scratch.count("dmon_samples", where: "mclk = 4") == 8)
    }
}

@Suite struct RealColumnTests {
    /// Integral values are bound as integers (faster); they must read back as REAL like any other.
    @Test func integralAndFractionalValuesAreReal() throws {
        let f = try StepFixture()
        defer { f.scratch.cleanUp() }
        let values: [Double?] = [118, -0.0, 0.5, 1e300, 9.007199254740993e15, nil, .nan, .infinity]
        let samples = values.enumerated().map { index, value in
            DmonSample(gpu: index, round: 0, timestamp: nil, values: ["pwr": value], line: index + 1)
        }
        try f.scratch.store.finishStep(StepCompletion(stepID: f.ncclStep, status: .completed, endedAt: Sample.start,
                                                      parsed: [(f.dmonArtifact, .dmon(DmonCapture(samples: samples)))]))
        #expect(try f.scratch.store.queryRaw("SELECT typeof(pwr) FROM dmon_samples ORDER BY gpu")
                == ["real", "real", "real", "real", "real", "null", "null", "null"])
        let stored = try f.scratch.store.dmonSamples(stepID: f.ncclStep).map { $0.values["pwr"] }
        #expect(stored == [118, 0, 0.5, 1e300, 9.007199254740992e15, nil, nil, nil])
    }
}

@Suite struct RepeatedBindingTests {
    /// Full batches skip binding a number or NULL that the parameter already holds from the
    /// previous batch; values that come back, go to NULL and return must all be stored as given.
    @Test func valuesRepeatedChangedAndNulledAcrossBatchesAreStoredAsGiven() throws {
        let f = try StepFixture()
        defer { f.scratch.cleanUp() }
        let batch = 256
        let samples = (0..<(3 * batch + 5)).map { index in
            let round = index / batch, offset = index % batch
            let values: [String: Double?] = [
                "pwr": round == 1 ? nil : 5.5,                 // value, NULL, value
                "sm": Double(round % 2),                        // 0, 1, 0
                "mclk": 3201,                                   // the same everywhere
                "gtemp": Double(offset),                        // the same at each position
                "pclk": Double(index) + 0.25,                   // never the same
                "mem": offset % 3 == 0 ? nil : -1.5,
            ]
            return DmonSample(gpu: offset, round: round, timestamp: round == 2 ? nil : "t\(round)", values: values,
                              line: index + 1)
        }
        try f.scratch.store.finishStep(StepCompletion(stepID: f.ncclStep, status: .completed, endedAt: Sample.start,
                                                      parsed: [(f.dmonArtifact, .dmon(DmonCapture(samples: samples)))]))
        let stored = try f.scratch.store.dmonSamples(stepID: f.ncclStep)
        #expect(stored.count == samples.count)
        #expect(stored.map(\.values) == samples.map { $0.values.compactMapValues { $0 } })
        #expect(stored.map(\.sampledAt) == samples.map(\.timestamp))
        #expect(try f.scratch.count("dmon_samples", where: "pwr IS NULL") == batch)
    }
}
