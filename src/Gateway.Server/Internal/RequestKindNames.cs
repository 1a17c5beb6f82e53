using Gateway.Api.V1;

namespace Gateway.Server.Internal;

/// <summary>The names receipts use for request kinds and levels: the proto enum names without their prefix.</summary>
internal static class RequestKindNames
{
    /// <summary>Null for a number the contract does not define, which the exchange refuses.</summary>
    public static string? Of(RequestKind kind) => System.Enum.IsDefined(kind) ? ToUpperSnake(kind.ToString()) : null;

    internal static string ToUpperSnake(string pascal)
    {
        var builder = new System.Text.StringBuilder(pascal.Length + 8);
        for (var i = 0; i < pascal.Length; i++)
        {
            if (i > 0 && char.IsUpper(pascal[i])) builder.Append('_');
            builder.Append(char.ToUpperInvariant(pascal[i]));
        }
        return builder.ToString();
    }
}

internal static class MethodLevels
{
    /// <summary>A caller's claims as the receipt records them: claims, whatever the caller meant.</summary>
    public static List<Evidence.StepMethod> Claims(IEnumerable<MethodClaim> claims) =>
        claims.Select(c => new Evidence.StepMethod(c.Step, c.Method, Of(c.Level), Evidence.MethodBasis.Claimed, c.Detail.Length > 0 ? c.Detail : null)).ToList();

    public static string? Of(MethodLevel level) => level switch
    {
        MethodLevel.Initial => "initial",
        MethodLevel.Standard => "standard",
        MethodLevel.Unspecified => null,
        _ => ((int)level).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
