using Gateway.Crypto;
using Gateway.Signing.Internal;

namespace Gateway.Signing;

/// <summary>
/// Raises a signed PDF to B-LT (a DSS with the validation data of every signature and time-stamp) or
/// B-LTA (then a document time-stamp). Run it again later to add a new DSS and archive time-stamp
/// before the last one's certificates expire.
/// </summary>
public sealed class PadesExtender
{
    private readonly DocumentTimeStamper _stamper;
    private readonly LongTermValidationOptions? _longTerm;
    private readonly TimeProvider _clock;

    public PadesExtender(ITimeStampSource timeStamps, LongTermValidationOptions? longTermValidation = null, TimeProvider? clock = null)
    {
        _stamper = new DocumentTimeStamper(timeStamps);
        _longTerm = longTermValidation;
        _clock = clock ?? TimeProvider.System;
    }

    internal SizeEstimate TokenSize => _stamper.TokenSize;

    public async Task<byte[]> ExtendAsync(byte[] pdf, PadesLevel level, CancellationToken cancellationToken = default)
    {
        using var output = new MemoryStream(pdf.Length + 64 * 1024);
        await ExtendAsync(pdf, output, level, cancellationToken).ConfigureAwait(false);
        return output.ToArray();
    }

    /// <summary>B-LT adds a DSS; B-LTA adds a DSS and then a document time-stamp. Lower levels are already met by a signature.</summary>
    public async Task ExtendAsync(byte[] pdf, Stream output, PadesLevel level, CancellationToken cancellationToken = default)
    {
        if (level < PadesLevel.BaselineLT)
            throw new ArgumentOutOfRangeException(nameof(level), "extension goes to B-LT or B-LTA");
        if (_longTerm is null)
            throw new PadesException(PadesException.RevocationRequired, "B-LT needs trust anchors and a revocation client");
        var document = PadesSigner.Open(pdf);
        var dss = new DssWriter(_longTerm, _clock);
        if (level == PadesLevel.BaselineLT)
        {
            await dss.AppendAsync(document, output, cancellationToken).ConfigureAwait(false);
            return;
        }
        using var withDss = new MemoryStream(pdf.Length + 64 * 1024);
        await dss.AppendAsync(document, withDss, cancellationToken).ConfigureAwait(false);
        await _stamper.AppendAsync(PadesSigner.Open(withDss.ToArray()), output, cancellationToken).ConfigureAwait(false);
    }
}
