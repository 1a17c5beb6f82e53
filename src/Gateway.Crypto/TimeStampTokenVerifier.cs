using Gateway.Crypto.Internal;

namespace Gateway.Crypto;

/// <summary>
/// Verifies an RFC 3161 TimeStampToken that stands alone (not inside a CMS signature), e.g. the token
/// an evidence log obtains over each signed checkpoint: the imprint over the data, the token's
/// signature, the TSA certificate's critical timeStamping EKU, and its chain to the trust anchors
/// at genTime — the checks `openssl ts -verify -data` makes. Never throws on malformed input.
/// </summary>
public static class TimeStampTokenVerifier
{
    public static TimeStampTokenVerification Verify(byte[] token, ReadOnlySpan<byte> data, TrustStore trust)
    {
        ArgumentNullException.ThrowIfNull(trust);
        if (token is null || token.Length == 0)
            return new TimeStampTokenVerification { Indication = Indication.TotalFailed, SubIndication = SubIndications.FormatFailure, Error = "no time-stamp token" };
        try
        {
            var failure = TimeStampTokenValidator.Check(token, data, null, [], out var outcome);
            if (failure is not null)
                return new TimeStampTokenVerification { Indication = failure.Indication, SubIndication = failure.SubIndication, Error = failure.Error };

            var authority = outcome!.TsaCertificate.DotNet;
            // The TSA's chain is judged when the token was made: a token stays valid after its TSA certificate expires.
            var chain = ChainValidator.Validate(authority, outcome.ChainCertificates.Select(c => c.DotNet), trust, outcome.Info.GenTime);
            if (chain is not null)
                return new TimeStampTokenVerification { Indication = chain.Indication, SubIndication = chain.SubIndication, Error = chain.Error, Info = outcome.Info, Authority = authority };
            return new TimeStampTokenVerification { Indication = Indication.TotalPassed, Info = outcome.Info, Authority = authority };
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new TimeStampTokenVerification { Indication = Indication.TotalFailed, SubIndication = SubIndications.FormatFailure, Error = $"malformed time-stamp token: {e.Message}" };
        }
    }
}
