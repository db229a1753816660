import FuzzSupport
import StanceKit

/// libFuzzer entry point: reads the input as a CSV corpus three ways (see `CorpusReaderFuzzing`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    CorpusReaderFuzzing.run(FuzzCheck.bytes(data, size), format: .csv)
    return 0
}

/// The executable's entry point (SwiftPM names it `FuzzCSV_main`): runs libFuzzer on `fuzz`.
@_cdecl("FuzzCSV_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzDriver.run(argc, argv, fuzz)
}
