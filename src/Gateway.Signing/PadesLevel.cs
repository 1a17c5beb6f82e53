namespace Gateway.Signing;

/// <summary>PAdES baseline levels (ETSI EN 319 142-1), each including the ones before it.</summary>
public enum PadesLevel
{
    /// <summary>B-B: the CAdES signature in a PDF signature dictionary.</summary>
    BaselineB,
    /// <summary>B-T: plus a signature time-stamp.</summary>
    BaselineT,
    /// <summary>B-LT: plus the certificates, OCSP responses and CRLs a validator needs, in the DSS.</summary>
    BaselineLT,
    /// <summary>B-LTA: plus a document time-stamp over all of it, renewable.</summary>
    BaselineLTA,
}
