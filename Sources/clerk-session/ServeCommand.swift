import ArgumentParser

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the embedded example server.")
    @Option(name: .long, help: "Port of the example server.") var port: Int = 8080
    func run() async throws {
        throw CLIOutput.fail(code: "not-implemented", message: "serve is not implemented yet")
    }
}
