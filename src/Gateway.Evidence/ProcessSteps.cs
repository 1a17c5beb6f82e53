namespace Gateway.Evidence;

/// <summary>
/// The steps of a digital government process (มสพร. 6) as the method catalogue and receipts name them.
/// Stable identifiers: receipts and policy files use them; never rename one.
/// </summary>
public static class ProcessSteps
{
    public const string Channel = "channel";
    public const string RequestSubmission = "request_submission";
    public const string Acknowledgement = "acknowledgement";
    public const string IdentityProofing = "identity_proofing";
    public const string Authentication = "authentication";
    public const string SupportingDocuments = "supporting_documents";
    public const string Consideration = "consideration";
    public const string FeePayment = "fee_payment";
    public const string Issuance = "issuance";
    public const string Notification = "notification";
    public const string Signature = "signature";
    public const string Timestamp = "timestamp";
    public const string Archiving = "archiving";

    /// <summary>In process order.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        Channel, RequestSubmission, Acknowledgement, IdentityProofing, Authentication, SupportingDocuments,
        Consideration, FeePayment, Issuance, Notification, Signature, Timestamp, Archiving,
    ];
}
