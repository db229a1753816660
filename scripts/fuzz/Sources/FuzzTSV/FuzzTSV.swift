import FuzzSupport
import StanceKit

/// libFuzzer entry point: reads the input as a TSV corpus three ways (see `CorpusReaderFuzzing`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    CorpusReaderFuzzing.run(FuzzCheck.bytes(data, size), format: .tsv)
    return 0
}

/// The executable's entry point (SwiftPM names it `FuzzTSV_main`): runs libFuzzer on `fuzz`.
@_cdecl("FuzzTSV_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzDriver.run(argc, argv, fuzz)
}
