using System.Globalization;
using System.Text;

namespace Gateway.EvidenceLog;

/// <summary>
/// The one kind of leaf that is not a receipt. An index is reserved before its receipt is signed; if
/// that receipt is never issued (signing or storing failed) and the gap still holds back durable
/// receipts when the sealer runs, the sealer writes a void entry there so that the receipts after it
/// become provable now rather than whenever the next receipt happens to reuse the index. Its data is
/// the UTF-8 text "evidence-log void entry\n&lt;origin&gt;\n&lt;leaf index&gt;\n": it names its own
/// position, so it cannot stand in for anything else, and no client ever held a receipt with that
/// index. It is public (any agency sees its bytes) and has no parties.
/// </summary>
public static class VoidEntry
{
    /// <summary>The receipt id column of a void entry: this prefix and the index.</summary>
    public const string ReceiptIdPrefix = "void:";

    private const string Header = "evidence-log void entry\n";

    public static byte[] Data(string origin, long index) =>
        Encoding.UTF8.GetBytes($"{Header}{origin}\n{index.ToString(CultureInfo.InvariantCulture)}\n");

    public static string ReceiptId(long index) => ReceiptIdPrefix + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>True when <paramref name="data"/> is a void entry (a receipt is DER and starts with 0x30).</summary>
    public static bool IsVoid(ReadOnlySpan<byte> data) => data.StartsWith(Encoding.UTF8.GetBytes(Header));
}
