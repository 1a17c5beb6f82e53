namespace Gateway.Validation;

/// <summary>
/// Signature levels, named as EU DSS names them (its SignatureLevel, with dashes) so that reports from both
/// can be compared: the PAdES and CAdES baselines of ETSI EN 319 142-1 / 319 122-1, the legacy PAdES profiles
/// (ETSI TS 102 778) and the Adobe PKCS#7 sub-filters.
/// </summary>
public static class SignatureLevels
{
    public const string PadesBaselineB = "PAdES-BASELINE-B";
    public const string PadesBaselineT = "PAdES-BASELINE-T";
    public const string PadesBaselineLt = "PAdES-BASELINE-LT";
    public const string PadesBaselineLta = "PAdES-BASELINE-LTA";
    public const string PadesBes = "PAdES-BES";
    public const string PadesEpes = "PAdES-EPES";
    public const string PadesLtv = "PAdES-LTV";
    public const string Pkcs7B = "PKCS7-B";
    public const string Pkcs7T = "PKCS7-T";
    public const string Pkcs7Lt = "PKCS7-LT";
    public const string Pkcs7Lta = "PKCS7-LTA";
    public const string PdfNotEtsi = "PDF-NOT-ETSI";
    public const string CadesBaselineB = "CAdES-BASELINE-B";
    public const string CadesBaselineT = "CAdES-BASELINE-T";
    public const string CadesBaselineLt = "CAdES-BASELINE-LT";
    public const string CadesBaselineLta = "CAdES-BASELINE-LTA";
    public const string CmsNotEtsi = "CMS-NOT-ETSI";
    public const string DocumentTimeStamp = "PAdES-DOCUMENT-TIMESTAMP";
}
