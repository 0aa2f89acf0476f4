import Foundation
import FuzzTargets

#if FUZZING
// `make fuzz` builds this with -sanitize=fuzzer and -DFUZZING; the target is named by
// RBN_FUZZ_TARGET. SwiftPM names an executable's entry point itself, so libFuzzer's own main is
// not used: this main hands libFuzzer's driver the arguments and the target.
nonisolated(unsafe) let target: (@Sendable (Data) -> Void)? = {
    let name = ProcessInfo.processInfo.environment["RBN_FUZZ_TARGET"] ?? ""
    guard let t = FuzzTargets.all[name] else {
        FileHandle.standardError.write(
            Data("RBN_FUZZ_TARGET must be one of \(FuzzTargets.all.keys.sorted().joined(separator: ", "))\n".utf8))
        exit(2)
    }
    return t
}()

@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    target?(bytes.map { Data(bytes: $0, count: count) } ?? Data())
    return 0
}

@main
struct Fuzz {
    static func main() {
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(runDriver(&argc, &argv, fuzzOne))
    }
}
#else
/// rbn-fuzz without libFuzzer: replays every corpus (and every crash found before) under
/// `Tests/Fuzz/Corpus/<target>/`, so `make test` runs what fuzzing found; exits 1 if a corpus is missing.
@main
struct Replay {
    static func main() {
        let root = CommandLine.arguments.dropFirst().first ?? "Tests/Fuzz/Corpus"
        var total = 0
        for (name, run) in FuzzTargets.all.sorted(by: { $0.key < $1.key }) {
            let directory = "\(root)/\(name)"
            guard let files = try? FileManager.default.contentsOfDirectory(atPath: directory), !files.isEmpty else {
                print("rbn-fuzz: no corpus in \(directory)")
                exit(1)
            }
            for file in files.sorted() {
                guard let data = FileManager.default.contents(atPath: "\(directory)/\(file)") else { continue }
                run(data)
            }
            print("rbn-fuzz: \(name): \(files.count) inputs replayed")
            total += files.count
        }
        print("rbn-fuzz: \(total) inputs, no crash")
    }
}
#endif
