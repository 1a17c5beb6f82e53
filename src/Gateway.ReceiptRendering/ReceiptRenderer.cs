using Gateway.Crypto;
using Gateway.Evidence;
using Gateway.Pdf.Fonts;
using Gateway.ReceiptRendering.Internal;
using Gateway.Signing;

namespace Gateway.ReceiptRendering;

/// <summary>
/// Renders a receipt (the CMS the gateway issued) as a human-readable A4 PDF in Thai and English, with a QR code to
/// its verification page, the original CMS attached, and the gateway's PAdES-B-T seal over the whole. The receipt is
/// verified first and refused when invalid. Thread-safe; keep one per seal key.
/// </summary>
public sealed class ReceiptRenderer
{
    private readonly TrustStore _trust;
    private readonly ISigningKey _seal;
    private readonly PadesSigner _signer;
    private readonly ReceiptRenderOptions _options;
    private readonly TimeProvider _clock;

    public ReceiptRenderer(TrustStore trust, ISigningKey seal, ITimeStampSource timeStamps, ReceiptRenderOptions? options = null, TimeProvider? clock = null)
    {
        _trust = trust ?? throw new ArgumentNullException(nameof(trust));
        _seal = seal ?? throw new ArgumentNullException(nameof(seal));
        ArgumentNullException.ThrowIfNull(timeStamps);
        _options = options ?? new ReceiptRenderOptions();
        _clock = clock ?? TimeProvider.System;
        _signer = new PadesSigner(seal, timeStamps, clock: _clock);
    }

    /// <summary>The rendered and sealed PDF for a receipt's DER bytes.</summary>
    public async Task<byte[]> RenderAsync(byte[] receipt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        var verification = ReceiptVerifier.Verify(receipt, _trust, _options.Verifier);
        if (!verification.Valid || verification.Content is not { } content)
            throw new ReceiptRenderException(ReceiptRenderException.InvalidReceipt,
                $"the receipt does not verify ({verification.Indication}{(verification.SubIndication is { } sub ? "/" + sub : "")}): "
                + string.Join("; ", verification.AllErrors));

        var pdf = Compose(content, verification, receipt);
        return await _signer.SignAsync(pdf, new PadesSignatureOptions
        {
            Level = PadesLevel.BaselineT,
            FieldName = "GatewaySeal",
            Reason = "ใบรับ " + content.ReceiptId,
            Location = content.GatewayId,
        }, cancellationToken).ConfigureAwait(false);
    }

    private byte[] Compose(ReceiptContent content, ReceiptVerification verification, byte[] receipt)
    {
        var attachment = new ReceiptPdfWriter.Attachment($"receipt-{SafeFileName(content.ReceiptId)}.p7s", receipt,
            "ใบรับต้นฉบับ (CMS SignedData, DER) / the original receipt");
        var url = _options.VerificationUrl(content.ReceiptId);
        using var composer = new PageComposer(LoadFont(_options.FontPath), LoadFont(_options.BoldFontPath));
        try
        {
            new ReceiptLayout(composer, _options.Catalogue).Compose(content, verification.Signature.SignatureTimeStamp?.GenTime,
                verification.Signature.SignerCertificate?.Subject, _seal.Certificate.Subject, url, attachment.FileName);
        }
        catch (QRCoder.Exceptions.DataTooLongException e)
        {
            throw new ReceiptRenderException(ReceiptRenderException.VerificationUrlTooLong, $"the verification URL ({url.Length} characters) is too long for a QR code", e);
        }
        var title = $"{ReceiptText.Title} {content.ReceiptId}";
        return ReceiptPdfWriter.Write(composer, attachment, title, _clock.GetUtcNow(), LoadIccProfile());
    }

    /// <summary>Receipt ids are UUIDs; anything else is reduced to characters every file system accepts.</summary>
    private static string SafeFileName(string id) => new(id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());

    private static TrueTypeFont LoadFont(string path)
    {
        try
        {
            return TrueTypeFont.Load(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new ReceiptRenderException(ReceiptRenderException.FontUnavailable, $"the font {path} cannot be used: {e.Message}", e);
        }
    }

    private byte[]? LoadIccProfile() => _options.IccProfilePath is { } path ? File.ReadAllBytes(path) : null;
}
