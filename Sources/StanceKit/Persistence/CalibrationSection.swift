/// The optional `CALB` section of a model file: how the model's probabilities are calibrated.
///
/// Payload (12 bytes, little-endian): `method: UInt32` (1 = temperature scaling), then the
/// temperature as a `Float64`, finite and positive. Written only for calibrated models, so an
/// uncalibrated model's file is byte-identical to one written before calibration existed, and a
/// reader that does not know the section skips it (its probabilities are then uncalibrated).
enum CalibrationSection {
    static let tag = "CALB"
    static let temperatureMethod: UInt32 = 1
    static let length = 12

    static func encode(temperature: Double) -> [UInt8] {
        var writer = ByteWriter()
        writer.write(temperatureMethod)
        writer.write(temperature.bitPattern)
        return writer.bytes
    }

    static func decode(_ reader: inout ByteReader) throws(ModelError) -> Double {
        guard reader.remaining == length else {
            throw .corrupt(path: reader.path, section: tag,
                           reason: "expected \(length) bytes, found \(reader.remaining)")
        }
        let method = try reader.readUInt32()
        guard method == temperatureMethod else {
            throw .corrupt(path: reader.path, section: tag, reason: "unknown calibration method \(method)")
        }
        let temperature = Double(bitPattern: try reader.readUInt64())
        guard temperature.isFinite, temperature > 0 else {
            throw .corrupt(path: reader.path, section: tag, reason: "the temperature \(temperature) is not finite and positive")
        }
        return temperature
    }
}
