import ArgumentParser
import SOPDriver

extension SOPC {
    /// `sopc config`: the effective project configuration.
    struct Config: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "config",
            abstract: "Print the effective project configuration (`.sopc.yaml`): file selection, severities, and each subcommand's defaults.")

        @OptionGroup var configOptions: ConfigOptions

        func run() throws {
            try Output.write(try configOptions.load().rendered, to: nil)
        }
    }
}
