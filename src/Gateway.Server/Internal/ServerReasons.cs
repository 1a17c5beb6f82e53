namespace Gateway.Server.Internal;

/// <summary>Stable reasons of the server layer (authentication, per-agency limits), in google.rpc.ErrorInfo.</summary>
internal static class ServerReasons
{
    public const string Domain = "gateway.v1";
    public const string ClientCertificateRequired = "CLIENT_CERTIFICATE_REQUIRED";
    public const string ClientCertificateUntrusted = "CLIENT_CERTIFICATE_UNTRUSTED";
    public const string AgencyUnknown = "AGENCY_UNKNOWN";
    /// <summary>The x-gateway-agency header names another agency than the client certificate (outside --dev-insecure).</summary>
    public const string AgencyMismatch = "AGENCY_MISMATCH";
    /// <summary>A message of a client stream is not valid protobuf (unary requests are parsed by grpc-dotnet before the gateway sees them).</summary>
    public const string MessageMalformed = "MESSAGE_MALFORMED";
    /// <summary>A client stream sent nothing for Gateway:Limits:StreamIdleTimeout.</summary>
    public const string StreamIdle = "STREAM_IDLE";
    public const string Internal = "INTERNAL";
    public const string InvalidArgument = "INVALID_ARGUMENT";
    /// <summary>The agency's call rate (Gateway:Limits:RequestsPerSecondPerAgency) is used up; RetryInfo says when a call is admitted.</summary>
    public const string RateLimited = "RATE_LIMITED";
    /// <summary>The agency has Gateway:Limits:MaxConcurrentStreamsPerAgency streaming calls open already.</summary>
    public const string TooManyStreams = "TOO_MANY_STREAMS";
}
