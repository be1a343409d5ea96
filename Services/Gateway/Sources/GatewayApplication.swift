import Auth
import Contracts
import Hummingbird
import Logging
import Messaging

/// Builds the gateway's HTTP application; tests build the same one with a fake backend.
public enum GatewayApplication {
    public static func buildRouter(
        backend: any GatewayBackend, verifier: TokenVerifier, services: [String] = ServiceNames.all, consoleDirectory: String? = nil
    ) throws -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: TraceMiddleware())
        router.add(middleware: ProblemMiddleware())
        // Inside the problem middleware, so a console file that does not exist is a problem document like any 404.
        if let console = consoleDirectory ?? ConsoleMiddleware<BasicRequestContext>.bundledDirectory() {
            router.add(middleware: ConsoleMiddleware(directory: console))
        }
        HealthController(backend: backend, services: services).addRoutes(to: router)
        AuthController(backend: backend, verifier: verifier).addRoutes(to: router)
        UsersController(backend: backend, verifier: verifier).addRoutes(to: router)
        QualificationsController(backend: backend, verifier: verifier).addRoutes(to: router)
        RolesController(backend: backend, verifier: verifier).addRoutes(to: router)
        SignaturesController(backend: backend, verifier: verifier).addRoutes(to: router)
        DevicesController(backend: backend, verifier: verifier).addRoutes(to: router)
        StandardsController(backend: backend, verifier: verifier).addRoutes(to: router)
        ItemsController(backend: backend, verifier: verifier).addRoutes(to: router)
        ProceduresController(backend: backend, verifier: verifier).addRoutes(to: router)
        FormulasController(backend: backend, verifier: verifier).addRoutes(to: router)
        TemplatesController(backend: backend, verifier: verifier).addRoutes(to: router)
        RegulationsController(backend: backend, verifier: verifier).addRoutes(to: router)
        NumberingController(backend: backend, verifier: verifier).addRoutes(to: router)
        AuditController(backend: backend, verifier: verifier).addRoutes(to: router)
        try OpenAPIController().addRoutes(to: router)
        return router
    }
}
