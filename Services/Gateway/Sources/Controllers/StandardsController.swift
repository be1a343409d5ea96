import Auth
import Contracts
import Hummingbird
import Messaging

/// `/v1/standards*`: the lab's measurement standards and equipment (计量标准器具与配套设备), their certificates,
/// intermediate checks (期间核查) and correction factors. The devices service checks permissions and validates
/// codes, kinds, statuses and dates; the gateway only maps shapes.
struct StandardsController: Sendable {
    let backend: any GatewayBackend
    let verifier: TokenVerifier

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("/v1/standards", use: list)
        router.post("/v1/standards", use: create)
        // Hummingbird tries a constant segment before a parameter, so this never reaches `:id`: a GET here is 404
        // ROUTE_NOT_FOUND, not a lookup of a standard called "usability".
        router.post("/v1/standards/usability", use: checkUsable)
        router.get("/v1/standards/:id", use: get)
        router.patch("/v1/standards/:id", use: update)
        router.post("/v1/standards/:id/status", use: setStatus)
        router.post("/v1/standards/:id/calibrations", use: recordCalibration)
        router.post("/v1/standards/:id/checks", use: addCheck)
        router.put("/v1/standards/:id/correction-factors", use: setCorrectionFactors)
        router.get("/v1/standards/:id/correction-factors", use: correctionFactorVersions)
    }

    func list(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        var message = Metrology_Devices_V1_ListStandardsRequest()
        message.status = request.queryString("status") ?? ""
        message.query = request.queryString("query") ?? ""
        message.expiringWithinDays = try request.queryInteger("expiringWithinDays") ?? 0
        let paging = try PageQuery(request)
        message.page = paging.page
        message.pageSize = paging.pageSize
        let response = try await backend.call(DevicesMethods.listStandards, message, options: options)
        return try jsonResponse(
            StandardPageDTO(
                standards: response.standards.map(StandardDTO.init), total: response.total, page: paging.echoedPage,
                pageSize: paging.echoedPageSize))
    }

    func create(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        let body = try await request.decodeJSON(as: CreateStandardBody.self)
        var message = Metrology_Devices_V1_CreateStandardRequest()
        message.code = body.code
        message.name = body.name
        message.model = body.model ?? ""
        message.serialNumber = body.serialNumber ?? ""
        message.measuringRange = body.measuringRange ?? ""
        message.accuracy = body.accuracy ?? ""
        message.kind = body.kind ?? ""
        if let certificate = body.certificate { message.certificate = certificate.message }
        let standard = try await backend.call(DevicesMethods.createStandard, message, options: options)
        return try jsonResponse(StandardDTO(standard), status: .created)
    }

    func get(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        var message = Metrology_Devices_V1_GetStandardRequest()
        message.standardID = try context.parameters.require("id")
        let standard = try await backend.call(DevicesMethods.getStandard, message, options: options)
        return try jsonResponse(StandardDTO(standard))
    }

    /// Sets only the fields the body has: proto3 `optional` carries "absent" to the service, which changes nothing there.
    func update(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        let body = try await request.decodeJSON(as: UpdateStandardBody.self)
        var message = Metrology_Devices_V1_UpdateStandardRequest()
        message.standardID = try context.parameters.require("id")
        if let value = body.name { message.name = value }
        if let value = body.model { message.model = value }
        if let value = body.serialNumber { message.serialNumber = value }
        if let value = body.measuringRange { message.measuringRange = value }
        if let value = body.accuracy { message.accuracy = value }
        let standard = try await backend.call(DevicesMethods.updateStandard, message, options: options)
        return try jsonResponse(StandardDTO(standard))
    }

    func setStatus(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        let body = try await request.decodeJSON(as: SetStandardStatusBody.self)
        var message = Metrology_Devices_V1_SetStandardStatusRequest()
        message.standardID = try context.parameters.require("id")
        message.status = body.status
        message.reason = body.reason ?? ""
        let standard = try await backend.call(DevicesMethods.setStandardStatus, message, options: options)
        return try jsonResponse(StandardDTO(standard))
    }

    /// 201: a new certificate is recorded (the previous one is kept in the history); the answer is the standard.
    func recordCalibration(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        let body = try await request.decodeJSON(as: CertificateDTO.self)
        var message = Metrology_Devices_V1_RecordCalibrationRequest()
        message.standardID = try context.parameters.require("id")
        message.certificate = body.message
        let standard = try await backend.call(DevicesMethods.recordCalibration, message, options: options)
        return try jsonResponse(StandardDTO(standard), status: .created)
    }

    /// 201: the check is a new record; the answer is the standard, which a failed check has quarantined.
    func addCheck(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        let body = try await request.decodeJSON(as: AddIntermediateCheckBody.self)
        var message = Metrology_Devices_V1_AddIntermediateCheckRequest()
        message.standardID = try context.parameters.require("id")
        message.checkedOn = body.checkedOn
        message.result = body.result
        message.note = body.note ?? ""
        let standard = try await backend.call(DevicesMethods.addIntermediateCheck, message, options: options)
        return try jsonResponse(StandardDTO(standard), status: .created)
    }

    /// PUT: the list replaces the current factors as a whole, as a new version.
    func setCorrectionFactors(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        let body = try await request.decodeJSON(as: SetCorrectionFactorsBody.self)
        var message = Metrology_Devices_V1_SetCorrectionFactorsRequest()
        message.standardID = try context.parameters.require("id")
        message.factors = body.factors.map(\.message)
        message.reason = body.reason ?? ""
        let standard = try await backend.call(DevicesMethods.setCorrectionFactors, message, options: options)
        return try jsonResponse(StandardDTO(standard))
    }

    func correctionFactorVersions(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        var message = Metrology_Devices_V1_ListCorrectionFactorVersionsRequest()
        message.standardID = try context.parameters.require("id")
        let response = try await backend.call(DevicesMethods.listCorrectionFactorVersions, message, options: options)
        return try jsonResponse(CorrectionFactorVersionListDTO(versions: response.versions.map(CorrectionFactorVersionDTO.init)))
    }

    /// A POST although it changes nothing: the list of ids can be long, and a standard that may not be used is an
    /// answer (usable: false with a reason), not an error.
    func checkUsable(_ request: Request, context: some RequestContext) async throws -> Response {
        let options = try await CallOptions.authorized(request, context: context, verifier: verifier)
        let body = try await request.decodeJSON(as: CheckUsabilityBody.self)
        var message = Metrology_Devices_V1_CheckStandardsUsableRequest()
        message.standardIds = body.standardIds
        message.onDate = body.onDate ?? ""
        let response = try await backend.call(DevicesMethods.checkStandardsUsable, message, options: options)
        return try jsonResponse(StandardUsabilityListDTO(results: response.results.map(StandardUsabilityDTO.init), allUsable: response.allUsable))
    }
}
