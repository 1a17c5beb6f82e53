using Gateway.Evidence;

namespace Gateway.ReceiptRendering;

/// <summary>How a receipt is rendered: where its QR code leads, which fonts, which seals count, what goes in the PDF.</summary>
public sealed class ReceiptRenderOptions
{
    public const string DefaultVerifyBaseUrl = "https://gateway.example.go.th";
    /// <summary>Where Debian's fonts-tlwg-laksaman-ttf (make deps) puts Laksaman; the signature appearance's default too.</summary>
    public const string DefaultFontPath = Gateway.Signing.VisibleSignature.DefaultFontPath;
    public const string DefaultBoldFontPath = "/usr/share/fonts/truetype/tlwg/Laksaman-Bold.ttf";

    /// <summary>The QR code and the printed link lead to <c>{VerifyBaseUrl}/v/{receiptId}</c>.</summary>
    public string VerifyBaseUrl { get; set; } = DefaultVerifyBaseUrl;

    /// <summary>TrueType (glyf) fonts covering Thai and Latin; Debian's fonts-tlwg-laksaman-ttf by default.</summary>
    public string FontPath { get; set; } = DefaultFontPath;

    public string BoldFontPath { get; set; } = DefaultBoldFontPath;

    /// <summary>Which signers count as gateway seals when the receipt is verified before rendering.</summary>
    public ReceiptVerifierOptions Verifier { get; set; } = ReceiptVerifierOptions.Default;

    /// <summary>Step titles for the methods table (Thai / English).</summary>
    public MethodCatalogue Catalogue { get; set; } = MethodCatalogue.Default;

    /// <summary>
    /// An sRGB ICC profile for the PDF/A output intent; none when null (the PDF then declares PDF/A-3B in its XMP
    /// without the output intent PDF/A requires for device colours).
    /// </summary>
    public string? IccProfilePath { get; set; }

    /// <summary>The verification page of a receipt.</summary>
    public string VerificationUrl(string receiptId) => VerifyBaseUrl.TrimEnd('/') + "/v/" + Uri.EscapeDataString(receiptId);
}
