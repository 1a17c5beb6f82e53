namespace Gateway.Integration.Tests.Cluster;

/// <summary>A receipt a client got back, with what it needs to check it later: who holds it and the document it covers.</summary>
internal sealed record HeldReceipt(string Holder, string MessageId, byte[] Der, string DocumentSha256);
