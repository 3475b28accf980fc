import ArgumentParser

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "demo", abstract: "Run the embedded, networkless demo.")
    func run() async throws {
        throw CLIOutput.fail(code: "not-implemented", message: "demo is not implemented yet")
    }
}
