/// How the CMS in the signature is to be read (ISO 32000-2 §12.8.3).
public enum SealSubFilter: String, Sendable, CaseIterable {
    /// PAdES baseline (ETSI EN 319 142-1): CAdES signed attributes with the signing certificate bound by
    /// ESS signing-certificate-v2, and no signing-time attribute — the claimed time is the dictionary's `/M`.
    case cades = "ETSI.CAdES.detached"
    /// The older PKCS#7 form that every reader knows: the same CMS plus a signing-time attribute.
    case pkcs7 = "adbe.pkcs7.detached"
}
