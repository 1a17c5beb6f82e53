namespace Gateway.Server.Internal.VerificationPage;

/// <summary>An upload the page cannot verify (too large, unknown kind, malformed case): said in both languages with its HTTP status.</summary>
internal sealed class UploadRejectedException(string thai, string english, int status = 400) : Exception(english)
{
    public string Thai { get; } = thai;
    public int Status { get; } = status;

    /// <summary>422: a file of a known kind that cannot be verified (it breaks a validator, or the validator cannot read it at all).</summary>
    public static UploadRejectedException Damaged() => new("ตรวจสอบไฟล์นี้ไม่ได้: ไฟล์เสียหายหรือไม่อยู่ในรูปแบบที่รองรับ",
        "This file could not be verified: it is damaged or in an unsupported format.", 422);
}
