/// An executor that can tell the engine its node is unusable (unreachable, host key refused, login
/// failed), so the run records the node's status and not only its failed steps.
public protocol NodeHealthReporting: Sendable {
    /// nil while the node works; otherwise a one-line reason naming the node.
    var unreachableReason: String? { get }
}
