import Hummingbird

/// The raw routes' query parameters (`/readyz?scope=`); generated operations get theirs decoded by the generated layer.
/// An empty value (`?scope=`) counts as absent.
extension Request {
    func queryString(_ name: String) -> String? {
        guard let value = uri.queryParameters[name[...]], !value.isEmpty else { return nil }
        return String(value)
    }
}
