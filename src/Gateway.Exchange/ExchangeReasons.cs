namespace Gateway.Exchange;

/// <summary>
/// Stable reason codes (google.rpc.ErrorInfo.reason, and the rejection reason in receipts).
/// Agency code switches on these: never rename one.
/// </summary>
public static class ExchangeReasons
{
    public const string RecipientRequired = "RECIPIENT_REQUIRED";
    public const string RecipientUnknown = "RECIPIENT_UNKNOWN";
    public const string MediaTypeRequired = "MEDIA_TYPE_REQUIRED";
    public const string MediaTypeNotAllowed = "MEDIA_TYPE_NOT_ALLOWED";
    public const string ContentMislabelled = "CONTENT_MISLABELLED";
    public const string ContentEmpty = "CONTENT_EMPTY";
    public const string ContentTooLarge = "CONTENT_TOO_LARGE";
    public const string SizeMismatch = "SIZE_MISMATCH";
    public const string FileNameInvalid = "FILE_NAME_INVALID";
    public const string FieldTooLong = "FIELD_TOO_LONG";
    public const string IdempotencyKeyInvalid = "IDEMPOTENCY_KEY_INVALID";
    public const string IdempotencyKeyConflict = "IDEMPOTENCY_KEY_CONFLICT";
    public const string RequestKindInvalid = "REQUEST_KIND_INVALID";
    public const string ClaimInvalid = "CLAIM_INVALID";
    public const string StreamHeaderMissing = "STREAM_HEADER_MISSING";
    public const string StreamHeaderRepeated = "STREAM_HEADER_REPEATED";
    public const string MessageIdRequired = "MESSAGE_ID_REQUIRED";
    public const string MessageNotFound = "MESSAGE_NOT_FOUND";
    public const string NotAParty = "NOT_A_PARTY";
    public const string DigestMismatch = "DIGEST_MISMATCH";
    public const string SignatureRequirementNotMet = "SIGNATURE_REQUIREMENT_NOT_MET";
    public const string MethodPolicyNotMet = "METHOD_POLICY_NOT_MET";
}
