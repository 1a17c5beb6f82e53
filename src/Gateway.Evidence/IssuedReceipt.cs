namespace Gateway.Evidence;

/// <summary>A receipt as issued: the signed DER CMS and what went into it.</summary>
public sealed record IssuedReceipt(ReceiptContent Content, string Json, byte[] Signed, DateTimeOffset? TimeStampTime);
