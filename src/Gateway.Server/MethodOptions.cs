namespace Gateway.Server;

/// <summary>The method catalogue and policy files (section "Gateway:Methods"); see schemas/ in the repository.</summary>
public sealed class MethodOptions
{
    /// <summary>A catalogue file extending or replacing the built-in catalogue (DOMAIN.md's table). Empty: the built-in one.</summary>
    public string? CataloguePath { get; set; }

    /// <summary>The minimum method level per step, per service id and request kind. Empty: no policy is enforced.</summary>
    public string? PolicyPath { get; set; }
}
