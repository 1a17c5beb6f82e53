using Gateway.Crypto;
using Gateway.Pdf;
using Gateway.Signing.Internal;

namespace Gateway.Signing;

/// <summary>
/// Signs PDFs as PAdES baseline signatures (B-B to B-LTA), each as an incremental update so that
/// every earlier signature stays valid byte for byte. Thread-safe; keep one per key.
/// </summary>
public sealed class PadesSigner
{
    private const int Slack = 32;
    private readonly ISigningKey _key;
    private readonly ITimeStampSource? _timeStamps;
    private readonly PadesExtender? _extender;
    private readonly TimeProvider _clock;
    private readonly SizeEstimate _bareSize;
    private readonly SizeEstimate? _tokenSize;

    public PadesSigner(ISigningKey key, ITimeStampSource? timeStamps = null, LongTermValidationOptions? longTermValidation = null, TimeProvider? clock = null)
    {
        _key = key;
        _timeStamps = timeStamps;
        _clock = clock ?? TimeProvider.System;
        _extender = timeStamps is null ? null : new PadesExtender(timeStamps, longTermValidation, _clock);
        _bareSize = new SizeEstimate(async ct =>
            (await new CadesSigner(key, null).SignDetachedAsync([ReadOnlyMemory<byte>.Empty], ct).ConfigureAwait(false)).Length);
        _tokenSize = _extender?.TokenSize;
    }

    public async Task<byte[]> SignAsync(byte[] pdf, PadesSignatureOptions options, CancellationToken cancellationToken = default)
    {
        using var output = new MemoryStream(pdf.Length + 64 * 1024);
        await SignAsync(pdf, output, options, cancellationToken).ConfigureAwait(false);
        return output.ToArray();
    }

    /// <summary>Writes the signed PDF to <paramref name="output"/>, which must be empty, writable and seekable.</summary>
    public async Task SignAsync(byte[] pdf, Stream output, PadesSignatureOptions options, CancellationToken cancellationToken = default)
    {
        var document = Open(pdf);
        CheckSignable(document, options);
        if (options.Level > PadesLevel.BaselineB && _timeStamps is null)
            throw new PadesException(PadesException.TimeStampRequired, $"{PadesLevels.Name(options.Level)} needs a time-stamp authority");

        if (options.Level <= PadesLevel.BaselineT)
        {
            await SignCoreAsync(document, output, options, cancellationToken).ConfigureAwait(false);
            return;
        }
        using var signed = new MemoryStream(pdf.Length + 64 * 1024);
        await SignCoreAsync(document, signed, options, cancellationToken).ConfigureAwait(false);
        await _extender!.ExtendAsync(signed.ToArray(), output, options.Level, cancellationToken).ConfigureAwait(false);
    }

    private async Task SignCoreAsync(PdfDocument document, Stream output, PadesSignatureOptions options, CancellationToken ct)
    {
        var timed = options.Level >= PadesLevel.BaselineT;
        var cades = new CadesSigner(_key, timed ? _timeStamps : null, options.DigestAlgorithm, options.RsaPss);
        var capacity = await _bareSize.GetAsync(ct).ConfigureAwait(false) + Slack
                       + (timed ? await _tokenSize!.GetAsync(ct).ConfigureAwait(false) + 64 : 0);
        var spec = new SignatureFieldWriter.Spec
        {
            DocumentTimeStamp = false,
            Capacity = capacity,
            FieldName = options.FieldName,
            SigningTime = options.SigningTime ?? _clock.GetUtcNow(),
            SignerName = _key.Certificate.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, false),
            Reason = options.Reason,
            Location = options.Location,
            ContactInfo = options.ContactInfo,
            CertifyPermissions = options.CertifyPermissions,
            Appearance = options.Appearance,
        };
        while (true)
        {
            var update = new PdfIncrementalUpdate(document);
            var placeholders = SignatureFieldWriter.Add(document, update, spec);
            try
            {
                await ByteRangeSigning.WriteAsync(document, update, placeholders.ByteRange, placeholders.Contents, output,
                    parts => cades.SignDetachedAsync(parts, ct)).ConfigureAwait(false);
                return;
            }
            catch (ByteRangeSigning.TooSmallException e)
            {
                spec = spec with { Capacity = e.Needed + Slack };
                output.SetLength(0);
                output.Position = 0;
            }
        }
    }

    private static void CheckSignable(PdfDocument document, PadesSignatureOptions options)
    {
        var existing = PdfSignatureFields.Find(document);
        var certified = PdfSignatureFields.CertificationPermissions(document);
        if (options.CertifyPermissions is { } p)
        {
            if (p is < 1 or > 3) throw new ArgumentOutOfRangeException(nameof(options), "DocMDP permissions are 1, 2 or 3");
            if (existing.Any(e => e.Signature is not null))
                throw new PadesException(PadesException.CertificationNotFirst, "only the first signature of a document may certify it");
        }
        if (certified == 1)
            throw new PadesException(PadesException.CertificationForbidsChanges, "the document is certified with no changes permitted (DocMDP P=1)");
    }

    internal static PdfDocument Open(byte[] pdf)
    {
        PdfDocument document;
        try
        {
            document = PdfDocument.Open(pdf);
        }
        catch (PdfFormatException e)
        {
            throw new PadesException(PadesException.NotAPdf, $"the PDF cannot be read: {e.Message}", e);
        }
        if (document.Trailer.ContainsKey("Encrypt"))
            throw new PadesException(PadesException.Encrypted, "encrypted PDFs are not signed: an unencrypted update would not be readable with the document");
        return document;
    }
}
