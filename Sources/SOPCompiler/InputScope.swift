import SOPGraph

/// The inputs a SOP's guards and examples may name: its own by name, imported ones as `otherid.name`.
struct InputScope: Sendable {
    private var ids: [String: InputID] = [:]
    /// In a stable order, for did-you-mean.
    private(set) var names: [String] = []
    private var types: [InputType] = []

    init() {}

    /// Imported inputs by their unqualified name: the qualified name and the declaring file.
    private var imported: [String: (qualified: String, file: String)] = [:]

    init(program: Program, names: [(String, InputID?)]) {
        types = program.inputs.map(\.type)
        for (name, id) in names {
            guard let id else { continue }
            ids[name] = id
            self.names.append(name)
        }
        for (bare, qualified) in ImportedNames.byBareName(self.names) where ids[bare] == nil {
            guard let id = ids[qualified] else { continue }
            imported[bare] = (qualified, program[program[id].sop].file)
        }
    }

    /// The imported input a bare `name` most likely means, with the file that declares it.
    func importedInput(_ name: String) -> (qualified: String, file: String)? { imported[name] }

    func id(_ name: String) -> InputID? { ids[name] }
    func type(_ id: InputID) -> InputType { types[id.index] }
}
