namespace Gateway.Signing;

/// <summary>A PDF that cannot be signed as asked, with a stable reason.</summary>
public sealed class PadesException(string reason, string message, Exception? inner = null) : Exception(message, inner)
{
    public const string NotAPdf = "PDF_UNREADABLE";
    public const string Encrypted = "PDF_ENCRYPTED";
    public const string CertificationNotFirst = "CERTIFICATION_NOT_FIRST";
    public const string CertificationForbidsChanges = "CERTIFIED_NO_CHANGES";
    public const string NoSignatures = "NO_SIGNATURES";
    public const string ChainIncomplete = "CHAIN_INCOMPLETE";
    public const string TimeStampRequired = "TSA_REQUIRED";
    public const string RevocationRequired = "REVOCATION_REQUIRED";
    public const string AppearancePage = "APPEARANCE_PAGE";
    public const string AppearanceFont = "APPEARANCE_FONT";
    public const string AppearanceQr = "APPEARANCE_QR";

    public string Reason { get; } = reason;
}
