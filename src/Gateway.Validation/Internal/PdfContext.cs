using System.Security.Cryptography.X509Certificates;
using Gateway.Pdf;
using Gateway.Pkix;

namespace Gateway.Validation.Internal;

/// <summary>One PDF under validation, with what several signatures need computed once: DSS contents per revision.</summary>
internal sealed class PdfContext(PdfDocument document)
{
    private readonly Dictionary<int, List<(DssReader.Kind Kind, PdfStream Stream)>> _streams = [];
    private readonly Dictionary<int, RevocationCoverage> _coverage = [];

    // The same stream object comes back in every revision that keeps it: decode and parse it once.
    private readonly Dictionary<PdfStream, (byte[]? Bytes, X509Certificate2? Certificate)> _parsed = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<byte[], Dictionary<(string, string), bool>> _checkedAnswers = new(ReferenceEqualityComparer.Instance);
    private ValidationMaterial? _all;
    private RevocationCoverage? _allCoverage;

    public PdfDocument Document { get; } = document;

    /// <summary>
    /// Every certificate, OCSP response and CRL any revision's DSS held: a later revision may overwrite the DSS
    /// and drop data an earlier signature's long-term validation relies on (what EU DSS calls orphan data).
    /// </summary>
    public ValidationMaterial AllDss => _all ??= Material(Enumerable.Range(0, Document.Revisions.Count).SelectMany(StreamsAt));

    public ValidationMaterial DssAt(int revision) => Material(StreamsAt(revision));

    /// <summary>Coverage of the DSS as of <paramref name="revision"/>, or of every revision's DSS when null.</summary>
    public RevocationCoverage Coverage(int? revision)
    {
        if (revision is not { } r) return _allCoverage ??= new RevocationCoverage(AllDss, _checkedAnswers);
        if (!_coverage.TryGetValue(r, out var coverage)) _coverage[r] = coverage = new RevocationCoverage(DssAt(r), _checkedAnswers);
        return coverage;
    }

    private List<(DssReader.Kind Kind, PdfStream Stream)> StreamsAt(int revision)
    {
        if (!_streams.TryGetValue(revision, out var streams))
        {
            try
            {
                streams = DssReader.Streams(Document, revision);
            }
            catch (PdfFormatException)
            {
                streams = [];
            }

            _streams[revision] = streams;
        }

        return streams;
    }

    private ValidationMaterial Material(IEnumerable<(DssReader.Kind Kind, PdfStream Stream)> streams)
    {
        var certificates = new List<X509Certificate2>();
        var ocsps = new List<byte[]>();
        var crls = new List<byte[]>();
        foreach (var (kind, stream) in streams.DistinctBy(s => s.Stream, ReferenceEqualityComparer.Instance))
        {
            var (bytes, certificate) = Parse(kind, stream);
            if (bytes is null) continue;
            switch (kind)
            {
                case DssReader.Kind.Certificate when certificate is not null: certificates.Add(certificate); break;
                case DssReader.Kind.Ocsp: ocsps.Add(bytes); break;
                case DssReader.Kind.Crl: crls.Add(bytes); break;
            }
        }

        return new ValidationMaterial { Certificates = certificates, OcspResponses = ocsps, Crls = crls };
    }

    private (byte[]? Bytes, X509Certificate2? Certificate) Parse(DssReader.Kind kind, PdfStream stream)
    {
        if (_parsed.TryGetValue(stream, out var parsed)) return parsed;
        try
        {
            var bytes = Document.DecodeStream(stream);
            parsed = (bytes, kind == DssReader.Kind.Certificate ? X509CertificateLoader.LoadCertificate(bytes) : null);
        }
        catch (Exception e) when (e is PdfFormatException or System.Security.Cryptography.CryptographicException)
        {
            // Undecodable or not a certificate: it cannot be validation data.
            parsed = (null, null);
        }

        return _parsed[stream] = parsed;
    }
}
