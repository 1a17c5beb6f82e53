namespace Gateway.Server.Internal.VerificationPage;

/// <summary>An upload the page cannot verify (too large, unknown kind, malformed case): said in both languages with its HTTP status.</summary>
internal sealed class UploadRejectedException(string thai, string english, int status = 400) : Exception(english)
{
    public string Thai { get; } = thai;
    public int Status { get; } = status;
}
