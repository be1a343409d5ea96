import Foundation

/// The converters `deploy/local/test` started (`METROLOGY_TEST_CONVERTER_URLS`). Without them the integration suite
/// is skipped, unless `METROLOGY_TEST_REQUIRED=1` (set by that script): then `ConverterEnvironmentTests` fails.
enum ConverterTestEnvironment {
    static let values = ProcessInfo.processInfo.environment

    static var urls: [URL] {
        (values["METROLOGY_TEST_CONVERTER_URLS"] ?? "").split(separator: ",").compactMap { URL(string: String($0)) }
    }

    static var isAvailable: Bool { !urls.isEmpty }
    static var isRequired: Bool { values["METROLOGY_TEST_REQUIRED"] == "1" }

    /// The checkout, for deploy/converter/converter.py.
    static var root: URL {
        if let root = values["METROLOGY_TEST_ROOT"], !root.isEmpty { return URL(fileURLWithPath: root) }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    /// Where a converter this test starts keeps its profile and records its PID (`test-pids/`, which
    /// deploy/local/test kills after the run if the test could not).
    static var state: URL {
        if let state = values["METROLOGY_TEST_STATE"], !state.isEmpty { return URL(fileURLWithPath: state) }
        return FileManager.default.temporaryDirectory.appendingPathComponent("metrology-conversion-tests")
    }

    /// The stack's port base (56 for `test`): a converter started by a test listens on BASE319.
    static var ownConverterPort: Int { Int("\(values["METROLOGY_PORT_BASE"] ?? "56")319") ?? 56319 }
}
