namespace Gateway.Server.Internal;

/// <summary>Stable reasons of the server layer (authentication), in google.rpc.ErrorInfo.</summary>
internal static class ServerReasons
{
    public const string Domain = "gateway.v1";
    public const string ClientCertificateRequired = "CLIENT_CERTIFICATE_REQUIRED";
    public const string ClientCertificateUntrusted = "CLIENT_CERTIFICATE_UNTRUSTED";
    public const string AgencyUnknown = "AGENCY_UNKNOWN";
    public const string Internal = "INTERNAL";
    public const string InvalidArgument = "INVALID_ARGUMENT";
}
