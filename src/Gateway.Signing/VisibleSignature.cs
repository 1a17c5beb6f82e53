namespace Gateway.Signing;

/// <summary>
/// A visible signature: a box on a page showing the signer, the signing time (Thai Buddhist era and
/// ISO 8601 UTC), reason, location and optionally a QR code for verification. The text is real text
/// in an embedded subset of a TrueType font, so it can be selected and extracted.
/// </summary>
public sealed class VisibleSignature
{
    public const string DefaultFontPath = "/usr/share/fonts/truetype/tlwg/Laksaman.ttf";
    public const double DefaultWidth = 260;
    public const double DefaultHeight = 90;
    public const double DefaultMargin = 36;

    /// <summary>0-based page index.</summary>
    public int PageIndex { get; set; }

    /// <summary>Lower-left corner in PDF user space (points, origin bottom-left).</summary>
    public double X { get; set; }

    public double Y { get; set; }

    /// <summary>Box size in points; when Width or Height is 0 the box is 260×90 at the page's bottom-right margin (X and Y are then ignored).</summary>
    public double Width { get; set; }

    public double Height { get; set; }

    /// <summary>Default: the signing certificate's common name.</summary>
    public string? SignerName { get; set; }

    /// <summary>Default: the signature's reason.</summary>
    public string? Reason { get; set; }

    /// <summary>Default: the signature's location.</summary>
    public string? Location { get; set; }

    /// <summary>The time shown; default: the signing time.</summary>
    public DateTimeOffset? Time { get; set; }

    /// <summary>Content of the QR code drawn on the left; no QR code when null.</summary>
    public string? VerificationUrl { get; set; }

    /// <summary>A TrueType (glyf) font covering the text; Thai needs a Thai font.</summary>
    public string FontPath { get; set; } = DefaultFontPath;
}
