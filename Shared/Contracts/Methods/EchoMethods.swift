/// The test-only echo service (Tests/EchoService), used by integration tests and the RPC benchmark.
public enum EchoMethods {
    static let prefix = "/metrology.testing.v1.EchoService/"
    public static let echo = RPCMethod<Metrology_Testing_V1_EchoRequest, Metrology_Testing_V1_EchoResponse>(
        service: "echo", fullName: prefix + "Echo")
    public static let increment = RPCMethod<Metrology_Testing_V1_IncrementRequest, Metrology_Testing_V1_IncrementResponse>(
        service: "echo", fullName: prefix + "Increment")
    public static let bump = RPCMethod<Metrology_Testing_V1_BumpRequest, Metrology_Testing_V1_BumpResponse>(
        service: "echo", fullName: prefix + "Bump")
    public static let getCounter = RPCMethod<Metrology_Testing_V1_GetCounterRequest, Metrology_Testing_V1_GetCounterResponse>(
        service: "echo", fullName: prefix + "GetCounter")
    public static let numberedBump = RPCMethod<Metrology_Testing_V1_NumberedBumpRequest, Metrology_Testing_V1_NumberedBumpResponse>(
        service: "echo", fullName: prefix + "NumberedBump")
    public static let startSteps = RPCMethod<Metrology_Testing_V1_StartStepsRequest, Metrology_Testing_V1_StartStepsResponse>(
        service: "echo", fullName: prefix + "StartSteps")
}
