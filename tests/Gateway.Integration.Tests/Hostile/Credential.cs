namespace Gateway.Integration.Tests.Hostile;

/// <summary>A client certificate (PEM, with its issuer after it) and its key, as files.</summary>
internal sealed record Credential(string CertificatePath, string KeyPath);
