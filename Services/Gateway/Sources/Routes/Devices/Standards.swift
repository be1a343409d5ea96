import Contracts
import DevicesAPI
import GatewayAPISupport

/// `/v1/standards*`: the lab's measurement standards and equipment (计量标准器具与配套设备), their certificates,
/// intermediate checks (期间核查) and correction factors. Kinds, statuses and check results outside the document's
/// lists reach the service, which refuses them with its own reasons.
extension DevicesRoutes {
    func listStandards(_ input: Operations.ListStandards.Input) async throws -> Operations.ListStandards.Output {
        let query = input.query
        let page = Page(page: query.page, pageSize: query.pageSize)
        var message = Metrology_Devices_V1_ListStandardsRequest()
        message.status = query.status?.rawValue ?? ""
        message.query = query.query ?? ""
        message.expiringWithinDays = query.expiringWithinDays ?? 0
        message.page = page.page
        message.pageSize = page.pageSize
        let response = try await call(DevicesMethods.listStandards, message)
        return .ok(
            .init(
                body: .json(
                    .init(
                        standards: response.standards.map(Components.Schemas.Standard.init), total: response.total, page: page.echoedPage,
                        pageSize: page.echoedPageSize))))
    }

    func createStandard(_ input: Operations.CreateStandard.Input) async throws -> Operations.CreateStandard.Output {
        let body =
            switch input.body {
            case .json(let body): body
            }
        var message = Metrology_Devices_V1_CreateStandardRequest()
        message.code = body.code
        message.name = body.name
        message.model = body.model ?? ""
        message.serialNumber = body.serialNumber ?? ""
        message.measuringRange = body.measuringRange ?? ""
        message.accuracy = body.accuracy ?? ""
        message.kind = body.kind?.rawValue ?? ""
        message.category = body.category ?? ""
        if let certificate = body.certificate { message.certificate = .init(certificate.value1) }
        return .created(.init(body: .json(.init(try await call(DevicesMethods.createStandard, message)))))
    }

    func getStandard(_ input: Operations.GetStandard.Input) async throws -> Operations.GetStandard.Output {
        var message = Metrology_Devices_V1_GetStandardRequest()
        message.standardID = input.path.id
        return .ok(.init(body: .json(.init(try await call(DevicesMethods.getStandard, message)))))
    }

    /// Sets only the fields the body has: proto3 `optional` carries "absent" to the service, which changes nothing there.
    func updateStandard(_ input: Operations.UpdateStandard.Input) async throws -> Operations.UpdateStandard.Output {
        let body =
            switch input.body {
            case .json(let body): body
            }
        var message = Metrology_Devices_V1_UpdateStandardRequest()
        message.standardID = input.path.id
        if let value = body.name { message.name = value }
        if let value = body.model { message.model = value }
        if let value = body.serialNumber { message.serialNumber = value }
        if let value = body.measuringRange { message.measuringRange = value }
        if let value = body.accuracy { message.accuracy = value }
        if let value = body.category { message.category = value }
        return .ok(.init(body: .json(.init(try await call(DevicesMethods.updateStandard, message)))))
    }

    func setStandardStatus(_ input: Operations.SetStandardStatus.Input) async throws -> Operations.SetStandardStatus.Output {
        let body =
            switch input.body {
            case .json(let body): body
            }
        var message = Metrology_Devices_V1_SetStandardStatusRequest()
        message.standardID = input.path.id
        message.status = body.status.rawValue
        message.reason = body.reason ?? ""
        return .ok(.init(body: .json(.init(try await call(DevicesMethods.setStandardStatus, message)))))
    }

    /// 201: a new certificate is recorded (the previous one is kept in the history); the answer is the standard.
    func recordCalibration(_ input: Operations.RecordCalibration.Input) async throws -> Operations.RecordCalibration.Output {
        var message = Metrology_Devices_V1_RecordCalibrationRequest()
        message.standardID = input.path.id
        message.certificate =
            switch input.body {
            case .json(let body): .init(body)
            }
        return .created(.init(body: .json(.init(try await call(DevicesMethods.recordCalibration, message)))))
    }

    /// 201: the check is a new record; the answer is the standard, which a failed check has quarantined.
    func addIntermediateCheck(_ input: Operations.AddIntermediateCheck.Input) async throws -> Operations.AddIntermediateCheck.Output {
        let body =
            switch input.body {
            case .json(let body): body
            }
        var message = Metrology_Devices_V1_AddIntermediateCheckRequest()
        message.standardID = input.path.id
        message.checkedOn = body.checkedOn
        message.result = body.result.rawValue
        message.note = body.note ?? ""
        return .created(.init(body: .json(.init(try await call(DevicesMethods.addIntermediateCheck, message)))))
    }

    /// PUT: the list replaces the current factors as a whole, as a new version. A value that is a JSON number is
    /// INVALID_JSON (the schema says string): it would reach the service already rounded.
    func setCorrectionFactors(_ input: Operations.SetCorrectionFactors.Input) async throws -> Operations.SetCorrectionFactors.Output {
        let body =
            switch input.body {
            case .json(let body): body
            }
        var message = Metrology_Devices_V1_SetCorrectionFactorsRequest()
        message.standardID = input.path.id
        message.factors = body.factors.map(Metrology_Devices_V1_CorrectionFactor.init)
        message.reason = body.reason ?? ""
        return .ok(.init(body: .json(.init(try await call(DevicesMethods.setCorrectionFactors, message)))))
    }

    func listCorrectionFactorVersions(
        _ input: Operations.ListCorrectionFactorVersions.Input
    ) async throws -> Operations.ListCorrectionFactorVersions.Output {
        var message = Metrology_Devices_V1_ListCorrectionFactorVersionsRequest()
        message.standardID = input.path.id
        let response = try await call(DevicesMethods.listCorrectionFactorVersions, message)
        return .ok(.init(body: .json(.init(versions: response.versions.map(Components.Schemas.CorrectionFactorVersion.init)))))
    }

    /// A POST although it changes nothing: the list of ids can be long, and a standard that may not be used is an
    /// answer (usable: false with a reason), not an error.
    func checkStandardsUsable(_ input: Operations.CheckStandardsUsable.Input) async throws -> Operations.CheckStandardsUsable.Output {
        let body =
            switch input.body {
            case .json(let body): body
            }
        var message = Metrology_Devices_V1_CheckStandardsUsableRequest()
        message.standardIds = body.standardIds
        message.onDate = body.onDate ?? ""
        let response = try await call(DevicesMethods.checkStandardsUsable, message)
        return .ok(
            .init(
                body: .json(
                    .init(
                        results: response.results.map {
                            .init(
                                standardId: $0.standardID, usable: $0.usable, reason: .init($0.reason), message: $0.message,
                                standard: $0.hasStandard ? .init(value1: .init($0.standard)) : nil)
                        },
                        allUsable: response.allUsable))))
    }
}
