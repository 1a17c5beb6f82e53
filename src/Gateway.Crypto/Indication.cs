namespace Gateway.Crypto;

/// <summary>Main status indication of ETSI EN 319 102-1 §5.1.3.</summary>
public enum Indication
{
    TotalPassed,
    TotalFailed,
    Indeterminate,
}
