import Testing
@testable import StanceKit

@Suite struct CalibrationSectionTests {
    func model() throws -> TextClassifier {
        try TextClassifier.train(texts: TextBatch(SKLearnFixture.documents), labels: SKLearnFixture.labels)
    }

    /// The file of `model` with one more section `tag` holding `payload`, and a valid checksum.
    func file(_ model: TextClassifier, adding payload: [UInt8], tag: String = "CALB") -> [UInt8] {
        var bytes = Array(ModelFile.encode(model).dropLast(8))
        bytes[8] += 1  // section count (little-endian, fewer than 255 sections)
        bytes += Array(tag.utf8)
        withUnsafeBytes(of: UInt64(payload.count).littleEndian) { bytes += $0 }
        bytes += payload
        bytes += [UInt8](repeating: 0, count: 8)
        return ModelChecksum.resealed(bytes)
    }

    func payload(method: UInt32 = 1, temperature: Double) -> [UInt8] {
        var bytes: [UInt8] = []
        withUnsafeBytes(of: method.littleEndian) { bytes += $0 }
        withUnsafeBytes(of: temperature.bitPattern.littleEndian) { bytes += $0 }
        return bytes
    }

    @Test("an uncalibrated model has no CALB section; a calibrated one round-trips its temperature")
    func roundTrip() throws {
        let plain = try model()
        let bytes = ModelFile.encode(plain)
        #expect(!bytes.indices.dropLast(3).contains { Array(bytes[$0 ..< $0 + 4]) == Array("CALB".utf8) })
        #expect(ModelFile.encode(plain.withTemperature(2.5).withTemperature(nil)) == bytes)
        #expect(try ModelFile.decode(bytes, path: "m").temperature == nil)

        let calibrated = plain.withTemperature(2.5)
        let calibratedBytes = ModelFile.encode(calibrated)
        #expect(calibratedBytes == file(plain, adding: payload(temperature: 2.5)))
        let loaded = try ModelFile.decode(calibratedBytes, path: "m")
        #expect(loaded.temperature == 2.5)
        let test = TextBatch(SKLearnFixture.test)
        #expect(loaded.predictProbabilities(test) == calibrated.predictProbabilities(test))
        #expect(loaded.predictProbabilities(test) != plain.predictProbabilities(test))
        #expect(ModelFile.encode(loaded) == calibratedBytes)
    }

    @Test("a CALB section of the wrong length, an unknown method or a bad temperature is rejected")
    func rejected() throws {
        let plain = try model()
        let good = payload(temperature: 2)
        let cases: [([UInt8], String)] = [
            (Array(good.prefix(8)), "expected 12 bytes, found 8"),
            (good + [0], "expected 12 bytes, found 13"),
            ([], "expected 12 bytes, found 0"),
            (payload(method: 2, temperature: 2), "unknown calibration method 2"),
            (payload(temperature: 0), "is not finite and positive"),
            (payload(temperature: -1), "is not finite and positive"),
            (payload(temperature: .infinity), "is not finite and positive"),
            (payload(temperature: .nan), "is not finite and positive"),
        ]
        for (bytes, message) in cases {
            #expect {
                try ModelFile.decode(file(plain, adding: bytes), path: "m.model")
            } throws: { error in
                guard let error = error as? ModelError, case .corrupt(let path, let section, let reason) = error else { return false }
                return path == "m.model" && section == "CALB" && reason.contains(message)
                    && error.description.hasPrefix("m.model: corrupt CALB section")
            }
        }
        // An unknown section is still skipped.
        #expect(try ModelFile.decode(file(plain, adding: good, tag: "XTRA"), path: "m").temperature == nil)
    }
}
