import ArgumentParser
import StanceKit

#if canImport(Glibc)
import Glibc
#endif

/// Renders every error the library can throw in one place: one line on stderr
/// (`stance: PATH:LINE: what is wrong; how to fix it`) and a sysexits-style exit code.
enum Failure {
    /// Exit codes, after BSD's sysexits.h.
    enum Code: Int32 {
        case usage = 64
        case data = 65
        case noInput = 66
        case io = 74
    }

    /// The exit code for `error`.
    static func code(for error: Error) -> Code {
        switch error {
        case let error as CorpusError:
            switch error {
            case .fileNotFound, .isDirectory: return .noInput
            case .unreadable: return .io
            case .unknownFormat: return .usage
            default: return .data
            }
        case let error as ModelError:
            switch error {
            case .fileNotFound, .isDirectory: return .noInput
            case .unreadable: return .io
            case .writeFailed: return .io
            default: return .data
            }
        case let error as VectorizerError:
            if case .invalidOption = error { return .usage }
            return .data
        case let error as ClassifierError:
            if case .invalidOption = error { return .usage }
            return .data
        case is EvaluationError:
            return .data
        case let error as CalibrationError:
            if case .tooFewFolds = error { return .usage }
            return .data
        case let error as SemanticSpaceError:
            if case .invalidOption = error { return .usage }
            return .data
        case is EvaluationReportError, is ScratchFileError:
            return .io
        case let error as InputError:
            return error.code
        default:
            return .data
        }
    }

    /// Prints `error` and returns the `ExitCode` to throw.
    static func report(_ error: Error) -> ExitCode {
        let message = String(describing: error)
        Terminal.error("stance: \(message)")
        return ExitCode(code(for: error).rawValue)
    }

    /// Runs `body`, turning any library error into a message and an exit code.
    static func guarding<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw report(error)
        }
    }
}

/// Problems with the command line's own inputs (text files to classify, output paths).
struct InputError: Error, CustomStringConvertible {
    let description: String
    let code: Failure.Code
}
