import SOPGraph

/// The inputs a SOP's guards and examples may name: its own by name, imported ones as `otherid.name`.
struct InputScope: Sendable {
    private var ids: [String: InputID] = [:]
    /// In a stable order, for did-you-mean.
    private(set) var names: [String] = []
    private var types: [InputType] = []

    init() {}

    init(program: Program, names: [(String, InputID?)]) {
        types = program.inputs.map(\.type)
        for (name, id) in names {
            guard let id else { continue }
            ids[name] = id
            self.names.append(name)
        }
    }

    func id(_ name: String) -> InputID? { ids[name] }
    func type(_ id: InputID) -> InputType { types[id.index] }
}
