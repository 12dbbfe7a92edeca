import Foundation

/// The function's own name out of a demangled kernel signature, as ncu's "demangled short name":
/// `void at::native::(anonymous namespace)::vectorized_elementwise_kernel<4, float>(int, T2)` →
/// `vectorized_elementwise_kernel`. A name with no signature (`nvjet_sm90_tst_320x128_…`,
/// mangled `_Z…`) is its own short name; a name ncu cut short keeps what is left.
enum KernelShortName {
    static func of(_ name: String) -> String {
        let scalars = Array(name.unicodeScalars)
        // The parameter list: the first `(` outside template brackets that is not `(anonymous namespace)`.
        var angle = 0, end = scalars.count, index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "<" { angle += 1 }
            else if scalar == ">" { angle = max(0, angle - 1) }
            else if scalar == "(" && angle == 0 {
                if startsAnonymousNamespace(scalars, index) {
                    index += "(anonymous namespace)".unicodeScalars.count
                    continue
                }
                end = index
                break
            }
            index += 1
        }
        // Drop template arguments and keep what follows the last scope and the return type.
        var outside: [Unicode.Scalar] = []
        angle = 0
        for scalar in scalars[..<end] {
            if scalar == "<" { angle += 1; continue }
            if scalar == ">" { if angle > 0 { angle -= 1; continue } else { outside.removeAll(); continue } }
            if angle == 0 { outside.append(scalar) }
        }
        var text = String(String.UnicodeScalarView(outside))
        if let scope = text.range(of: "::", options: .backwards) { text = String(text[scope.upperBound...]) }
        if let space = text.lastIndex(of: " ") { text = String(text[text.index(after: space)...]) }
        return text.isEmpty ? name : text
    }

    private static func startsAnonymousNamespace(_ scalars: [Unicode.Scalar], _ at: Int) -> Bool {
        let marker = Array("(anonymous namespace)".unicodeScalars)
        guard at + marker.count <= scalars.count else { return false }
        return Array(scalars[at..<(at + marker.count)]) == marker
    }
}
