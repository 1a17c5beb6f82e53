namespace Gateway.Pkcs11;

/// <summary>How PKCS#11 keys are reached (configuration section Gateway:Pkcs11).</summary>
public sealed class Pkcs11Options
{
    /// <summary>The PKCS#11 module (e.g. /usr/lib/softhsm/libsofthsm2.so) when the URI has no module-path.</summary>
    public string? ModulePath { get; set; }

    /// <summary>
    /// The environment variable holding the user PIN when the URI has no pin-source. The PIN itself is
    /// never taken from the command line or a configuration file.
    /// </summary>
    public string PinEnvironmentVariable { get; set; } = "GW_PKCS11_PIN";

    /// <summary>Sessions kept open per token: concurrent signatures beyond this wait for a session.</summary>
    public int MaxSessions { get; set; } = 4;
}
