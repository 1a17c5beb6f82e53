using Gateway.Crypto;

namespace Gateway.Pkix.Internal;

/// <summary>
/// Where revocation answers come from: the signed object's own OCSP responses and CRLs first (no network, and they
/// are what a long-term signature is meant to carry), then the network through <see cref="RevocationClient"/>.
/// </summary>
internal sealed class RevocationSources(ValidationMaterial material, RevocationClient? client, bool fetch)
{
    public bool CanFetch => fetch && client is not null;

    public CertificateRevocation Embedded(ParsedCertificate certificate, ParsedCertificate issuer)
    {
        var state = new CertificateRevocation(certificate, issuer);
        foreach (var response in material.OcspResponses)
        {
            if (response is null)
            {
                continue;
            }

            if (EmbeddedRevocation.TryCheckOcsp(response, certificate.Certificate, issuer.Certificate, material.Certificates, out var answer, out var problem))
            {
                state.Answers.Add(RevocationAnswer.From(answer));
            }
            else if (problem is not null)
            {
                state.Problems.Add(problem);
            }
        }

        foreach (var crl in material.Crls)
        {
            if (crl is null)
            {
                continue;
            }

            if (EmbeddedRevocation.TryCheckCrl(crl, certificate.Certificate, issuer.Certificate, out var answer, out var problem))
            {
                state.Answers.Add(RevocationAnswer.From(answer));
            }
            else if (problem is not null)
            {
                state.Problems.Add(problem);
            }
        }

        return state;
    }

    /// <summary>Asks once per certificate; a failure becomes a problem to report, never an exception.</summary>
    public async Task FetchAsync(CertificateRevocation state, CancellationToken ct)
    {
        if (!CanFetch || state.Fetched)
        {
            return;
        }

        state.Fetched = true;
        try
        {
            var evidence = await client!.GetAsync(state.Certificate.Certificate, state.Issuer.Certificate, ct).ConfigureAwait(false);
            state.Answers.Add(RevocationAnswer.From(evidence));
        }
        catch (RevocationException e)
        {
            state.FetchProblem = e.Message;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Malformed AIA / CRL DP extensions, or an issuer name the client compares differently.
            state.FetchProblem = $"fetching revocation data failed: {e.Message}";
        }
    }
}
