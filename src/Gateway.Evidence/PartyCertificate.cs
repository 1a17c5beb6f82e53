namespace Gateway.Evidence;

/// <summary>The TLS client certificate an agency authenticated with, as recorded in a receipt.</summary>
public sealed record PartyCertificate(string Subject, string Issuer, string SerialNumber, string Sha256);
