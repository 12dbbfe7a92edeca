import DSBenchCore

/// The section and key paths of an `nvidia-smi -q` capture seen so far, as a tree: a key's raw
/// bytes under its parent name the child node, whose slugs from the GPU down
/// (`ecc_errors`, `volatile`, `sram_correctable`) and canonical key are made once. Before, each
/// line (text) or leaf (XML) built its slug and joined path `String`s to look the key up.
struct SmiKeyPaths {
    private var nodes: [(slugs: [String], canonical: String?)] = []
    /// Per parent node (-1: the GPU), its children by key bytes; nil where there is no node.
    private var children: [Int: ByteKeyCache<Int?>] = [:]
    /// XML element names are path parts even when their slug is empty; a `-q` text key without
    /// a letter or digit is no key at all (nil, and its line is skipped).
    let keepsEmpty: Bool

    init(keepsEmpty: Bool) { self.keepsEmpty = keepsEmpty }

    /// The node of `buffer[key]` below `parent` (nil: directly below the GPU).
    mutating func child(of parent: Int?, _ buffer: UnsafeBufferPointer<UInt8>, _ key: Range<Int>) -> Int? {
        let parentID = parent ?? -1
        if let known = children[parentID]?.value(buffer, key) { return known }
        // Of the raw bytes: the slug keeps only ASCII letters and digits, so invalid UTF-8 slugs
        // as the U+FFFD it decodes to.
        let slug = GPUHealthKey.slug(ArraySlice(buffer[key]))
        var node: Int?
        if keepsEmpty || !slug.isEmpty {
            let slugs = (parent.map { nodes[$0].slugs } ?? []) + [slug]
            node = nodes.count
            nodes.append((slugs, GPUHealthKey.canonical(slugs)))
        }
        children[parentID, default: ByteKeyCache()].insert(node, for: buffer, key)
        return node
    }

    func canonical(_ node: Int) -> String? { nodes[node].canonical }
}
