using Gateway.Crypto;
using Org.BouncyCastle.Ocsp;
using Entry = Gateway.Pkix.Tests.TestRevocation.Entry;

namespace Gateway.Pkix.Tests;

/// <summary>Gateway.Crypto's EmbeddedRevocation, which the validator reads DSS and CMS revocation values with.</summary>
public sealed class EmbeddedRevocationApiTests
{
    private static readonly Chain3 Pki = Chain3.Make(name: "Api");
    private static readonly DateTimeOffset Hour = TestPki.Now.AddHours(-1);

    [Fact]
    public void A_bare_BasicOCSPResponse_comes_back_as_a_whole_OCSPResponse_with_its_times()
    {
        var produced = Hour.AddMinutes(5);
        var bare = TestRevocation.Ocsp(Pki.Ca, Pki.Ca, [new Entry(Pki.Leaf, Hour.AddDays(-1), Org.BouncyCastle.Asn1.X509.CrlReason.Superseded)], Hour, Hour.AddDays(1), produced, bare: true);
        Assert.True(EmbeddedRevocation.TryCheckOcsp(bare, Pki.Leaf.Certificate, Pki.Ca.Certificate, null, out var answer, out var problem), problem);

        Assert.Equal(RevocationStatus.Revoked, answer.Evidence.Status);
        Assert.Equal(Hour.AddDays(-1), answer.Evidence.RevocationTime);
        Assert.Equal("superseded", answer.RevocationReason);
        Assert.Equal(Hour, answer.Evidence.ThisUpdate);
        Assert.Equal(Hour.AddDays(1), answer.Evidence.NextUpdate);
        Assert.Equal(produced, answer.IssuedAt);
        Assert.Equal(EmbeddedRevocation.OcspSource, answer.Evidence.Source);
        Assert.Null(answer.Evidence.Crl);
        var whole = new OcspResp(answer.Evidence.OcspResponse);
        Assert.Equal(OcspRespStatus.Successful, whole.Status);
        Assert.IsType<BasicOcspResp>(whole.GetResponseObject());
    }

    [Fact]
    public void Data_about_other_certificates_is_no_problem_and_bad_data_is_one()
    {
        var otherLeaf = TestPki.Leaf("CN=Other", Pki.Ca);
        var ocsp = TestRevocation.Ocsp(Pki.Ca, Pki.Ca, [new Entry(otherLeaf)], Hour, null);
        Assert.False(EmbeddedRevocation.TryCheckOcsp(ocsp, Pki.Leaf.Certificate, Pki.Ca.Certificate, null, out _, out var none));
        Assert.Null(none);

        var rootCrl = TestRevocation.GoodCrl(Pki.Root);
        Assert.False(EmbeddedRevocation.TryCheckCrl(rootCrl, Pki.Leaf.Certificate, Pki.Ca.Certificate, out _, out none));
        Assert.Null(none);

        Assert.False(EmbeddedRevocation.TryCheckOcsp([1, 2, 3], Pki.Leaf.Certificate, Pki.Ca.Certificate, null, out _, out var garbage));
        Assert.NotNull(garbage);
        Assert.False(EmbeddedRevocation.TryCheckCrl([0x30, 0x00], Pki.Leaf.Certificate, Pki.Ca.Certificate, out _, out garbage));
        Assert.NotNull(garbage);

        var good = TestRevocation.GoodCrl(Pki.Ca);
        Assert.True(EmbeddedRevocation.TryCheckCrl(good, Pki.Leaf.Certificate, Pki.Ca.Certificate, out var answer, out _));
        Assert.Equal(RevocationStatus.Good, answer.Evidence.Status);
        Assert.Equal(good, answer.Evidence.Crl);
        Assert.Equal(answer.Evidence.ThisUpdate, answer.IssuedAt);
    }
}
