using System.Security.Cryptography;
using Gateway.Crypto;
using Gateway.Pdf;

namespace Gateway.Signing.Internal;

/// <summary>
/// B-LTA: a document time-stamp (ETSI.RFC3161), a TimeStampToken over the hash of its own ByteRange,
/// which covers everything before it, the DSS included.
/// </summary>
internal sealed class DocumentTimeStamper
{
    private const int Slack = 32;
    private readonly ITimeStampSource _timeStamps;
    private readonly SizeEstimate _tokenSize;

    public DocumentTimeStamper(ITimeStampSource timeStamps)
    {
        _timeStamps = timeStamps;
        _tokenSize = new SizeEstimate(async ct => (await timeStamps.GetTokenAsync(new byte[32], HashAlgorithmName.SHA256, ct).ConfigureAwait(false)).Length);
    }

    public SizeEstimate TokenSize => _tokenSize;

    public async Task AppendAsync(PdfDocument document, Stream output, CancellationToken ct)
    {
        var capacity = await _tokenSize.GetAsync(ct).ConfigureAwait(false) + Slack;
        while (true)
        {
            var update = new PdfIncrementalUpdate(document);
            var placeholders = SignatureFieldWriter.Add(document, update, new SignatureFieldWriter.Spec { DocumentTimeStamp = true, Capacity = capacity });
            try
            {
                await ByteRangeSigning.WriteAsync(document, update, placeholders.ByteRange, placeholders.Contents, output, async parts =>
                {
                    using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                    foreach (var part in parts) hash.AppendData(part.Span);
                    var token = await _timeStamps.GetTokenAsync(hash.GetHashAndReset(), HashAlgorithmName.SHA256, ct).ConfigureAwait(false);
                    _tokenSize.Learn(token.Length);
                    return token;
                }).ConfigureAwait(false);
                return;
            }
            catch (ByteRangeSigning.TooSmallException e)
            {
                capacity = e.Needed + Slack;
                output.SetLength(0);
                output.Position = 0;
            }
        }
    }
}
