using System.IO.Compression;
using System.Security.Cryptography;
using Gateway.Crypto;
using Gateway.Evidence;
using Gateway.Merkle;

namespace Gateway.Exchange.Cases;

/// <summary>
/// Checks a case file offline: every receipt is sealed by the gateway and time-stamped (to the trust anchors),
/// is in the evidence log (its bundle's proof leads to a checkpoint signed by the log key and time-stamped),
/// sits where it says it does, and is about the case's message and document; the document, when included,
/// has the SHA-256 every receipt names. Each finding is a line; the case is valid when none is an error.
/// </summary>
public static class CaseVerifier
{
    /// <summary>
    /// The largest document a case may hold, the exchange's default document limit: hashing stops there, so that a
    /// compressed entry that inflates without end (a ZIP bomb) costs bounded time on the public verification page.
    /// </summary>
    public const long MaxDocumentBytes = 1024L * 1024 * 1024;

    public sealed record Finding(bool Ok, string Subject, string Text);

    public static IReadOnlyList<Finding> Verify(ZipArchive zip, CaseArchive.Contents contents, TrustStore trust, NoteVerifier logKey)
    {
        var findings = new List<Finding>();
        var messageId = contents.Manifest["messageId"]?.GetValue<string>();
        var digests = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (contents.Receipts.Count == 0) findings.Add(new Finding(false, "case", "no receipt"));
        foreach (var receipt in contents.Receipts)
        {
            var subject = $"{receipt.Event} {receipt.ReceiptId}";
            var verdict = ReceiptVerifier.Verify(receipt.Der, trust);
            if (!verdict.Valid)
            {
                findings.Add(new Finding(false, subject, "receipt does not verify: " + string.Join("; ", verdict.AllErrors)));
                continue;
            }
            var content = verdict.Content!;
            findings.Add(new Finding(true, subject, $"sealed and time-stamped ({verdict.Signature.SignatureTimeStamp?.GenTime:O})"));
            if (content.ReceiptId != receipt.ReceiptId || content.Event.ToString() != receipt.Event)
                findings.Add(new Finding(false, subject, $"the receipt is {content.Event} {content.ReceiptId}, not what the manifest says"));
            if (content.MessageId != messageId)
                findings.Add(new Finding(false, subject, $"the receipt is about message {content.MessageId}, not {messageId}"));
            if (content.Document is { } document) digests.Add(document.Sha256);

            var log = receipt.Bundle.Evidence.Verify(receipt.Der, logKey, trust);
            if (!log.Valid) findings.Add(new Finding(false, subject, "not shown in the evidence log: " + string.Join("; ", log.Errors)));
            else if (content.Log is { } position && position.LeafIndex != receipt.Bundle.Evidence.LeafIndex)
                findings.Add(new Finding(false, subject, $"the receipt names leaf {position.LeafIndex} but the proof is for leaf {receipt.Bundle.Evidence.LeafIndex}"));
            else
                findings.Add(new Finding(true, subject, $"in the evidence log: leaf {receipt.Bundle.Evidence.LeafIndex} of {receipt.Bundle.Evidence.TreeSize}, checkpoint signed and time-stamped"));
        }

        if (digests.Count > 1) findings.Add(new Finding(false, "document", $"the receipts name {digests.Count} different documents"));
        if (contents.DocumentEntry is { } entry)
        {
            using var stream = CaseArchive.OpenEntry(zip, entry);
            var actual = BoundedSha256(stream);
            if (actual is null)
                findings.Add(new Finding(false, "document", $"{contents.DocumentFileName}: larger than {MaxDocumentBytes} bytes once decompressed; not hashed"));
            else findings.Add(digests.Contains(actual)
                ? new Finding(true, "document", $"{contents.DocumentFileName}: SHA-256 {actual} is the one the receipts name")
                : new Finding(false, "document", $"{contents.DocumentFileName}: SHA-256 {actual} is not the one the receipts name ({string.Join(", ", digests)})"));
        }
        else
        {
            findings.Add(new Finding(true, "document", "not included in the case (the receipts name SHA-256 " + string.Join(", ", digests) + ")"));
        }
        return findings;
    }

    /// <summary>Lower-case hex SHA-256 of the stream, or null when it runs past <see cref="MaxDocumentBytes"/>.</summary>
    private static string? BoundedSha256(Stream stream)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            total += read;
            if (total > MaxDocumentBytes) return null;
            hash.AppendData(buffer, 0, read);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
