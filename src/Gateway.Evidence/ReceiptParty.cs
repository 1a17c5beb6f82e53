namespace Gateway.Evidence;

/// <summary>A sender or recipient agency; the certificate is present when the gateway authenticated it.</summary>
public sealed record ReceiptParty(string Agency, PartyCertificate? Certificate = null);
