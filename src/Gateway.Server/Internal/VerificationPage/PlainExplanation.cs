namespace Gateway.Server.Internal.VerificationPage;

/// <summary>One outcome said plainly, Thai first (the page's readers are mostly Thai), English second.</summary>
internal sealed record PlainExplanation(string Thai, string English);
