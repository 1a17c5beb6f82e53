namespace Gateway.Pdf.Internal;

/// <summary>
/// Bytes the tokenizer may go over for one document, in total. Each object is read about once, so a sound file uses
/// a small multiple of its length; a hostile one (thousands of objects each opening a string that never closes, an
/// xref sending every object to the same large one) would otherwise cost quadratic time.
/// </summary>
internal sealed class WorkBudget
{
    private readonly long _limit;
    private long _remaining;

    public WorkBudget(long limit) => _remaining = _limit = limit;

    public static WorkBudget For(long fileLength) => new(Math.Max(64L * 1024 * 1024, 64 * fileLength));

    public bool Exhausted => _remaining < 0;

    public void Spend(long bytes)
    {
        _remaining -= bytes;
        if (_remaining < 0)
            throw new PdfFormatException($"reading needs more than {_limit} bytes of parsing; the file makes the parser go over the same bytes again and again");
    }
}
