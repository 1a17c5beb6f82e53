namespace Gateway.Server;

/// <summary>One finding of <see cref="GatewayDoctor"/>: what was checked, how it went, and what to do about it.</summary>
public sealed record DoctorCheck(string Name, DoctorStatus Status, string Detail, string? Advice = null);

public enum DoctorStatus
{
    Ok,
    Warning,
    Failed,
}
