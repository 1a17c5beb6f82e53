namespace Gateway.Exchange;

public sealed class ExchangeOptions
{
    /// <summary>Largest document accepted by the unary Submit; larger ones go through SubmitStream.</summary>
    public long MaxUnaryBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Largest document accepted at all.</summary>
    public long MaxDocumentBytes { get; set; } = 1024L * 1024 * 1024;

    /// <summary>Documents up to this size travel inside the Delivery; larger ones are fetched in chunks.</summary>
    public long MaxInlineDeliveryBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// How long a message handed to one inbox stream is kept from the others. Acknowledged within it, the
    /// message is done; otherwise it is delivered again (at-least-once), to whichever stream asks next.
    /// </summary>
    public TimeSpan DeliveryLease { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Media types agencies may exchange. The content must look like what it claims to be.</summary>
    public IList<string> AllowedMediaTypes { get; set; } =
    [
        "application/pdf", "application/xml", "text/xml", "application/json", "text/plain",
        "image/png", "image/jpeg", "application/zip", "application/pkcs7-mime", "application/pkcs7-signature",
        "application/octet-stream",
    ];

    /// <summary>Validate every signature of a submitted PDF and record the results in the receipt.</summary>
    public bool ValidateSignatures { get; set; } = true;

    /// <summary>
    /// Validation reads the whole PDF into memory; larger documents stream through unvalidated (their receipt
    /// has no documentSignatures), and a service that requires signatures refuses them.
    /// </summary>
    public long MaxValidatedBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>
    /// What a submission's signatures must achieve, by service id; "*" applies to services not listed. With no
    /// entry, signatures are validated and recorded but none is required.
    /// </summary>
    public IDictionary<string, SignatureRequirement> SignatureRequirements { get; set; } = new Dictionary<string, SignatureRequirement>(StringComparer.Ordinal);

    /// <summary>The method catalogue receipts are graded against (มสพร. 6); its version is recorded in receipts.</summary>
    public Evidence.MethodCatalogue Catalogue { get; set; } = Evidence.MethodCatalogue.Default;

    /// <summary>
    /// The minimum method level per step, by service id and request kind. When the service has a rule, every submission
    /// is graded and one below the minimum at any step is refused with METHOD_POLICY_NOT_MET. Null: nothing enforced.
    /// </summary>
    public Evidence.MethodPolicy? MethodPolicy { get; set; }

    /// <summary>Names the time-stamp authority that time-stamps receipts, recorded as the observed timestamp method.</summary>
    public string TimeStampAuthority { get; set; } = "embedded TSA";

    /// <summary>Names this gateway instance in receipts.</summary>
    public string GatewayId { get; set; } = "gateway-dev";
}
