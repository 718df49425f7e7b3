import ArgumentParser

@main
struct SOPC: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sopc", abstract: "A compiler for SOP decision trees.")
}
