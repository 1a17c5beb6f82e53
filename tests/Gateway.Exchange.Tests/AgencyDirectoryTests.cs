using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Exchange.Tests;

public sealed class AgencyDirectoryTests
{
    private static X509Certificate2 Certificate(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new CertificateRequest(subject, key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    [Fact]
    public void A_certificate_maps_to_the_agency_whose_subject_and_pin_it_matches()
    {
        using var a = Certificate("CN=agency-a, O=A, C=TH");
        using var lookalike = Certificate("CN=agency-a, O=A, C=TH");
        var directory = new AgencyDirectory([
            new AgencyEntry { Id = "agency-a", ClientCertificateSubject = a.SubjectName.Name, ClientCertificateSha256 = Convert.ToHexStringLower(SHA256.HashData(a.RawData)) },
            new AgencyEntry { Id = "agency-b", ClientCertificateSubject = "CN=agency-b, O=B, C=TH" },
        ]);
        Assert.Equal("agency-a", directory.FindByCertificate(a)?.Id);
        Assert.Null(directory.FindByCertificate(lookalike));
        Assert.True(directory.Exists("agency-b"));
        Assert.False(directory.Exists("Agency-B"));
    }

    [Fact]
    public void Without_a_pin_the_subject_decides()
    {
        using var b = Certificate("CN=agency-b, O=B, C=TH");
        var directory = new AgencyDirectory([new AgencyEntry { Id = "agency-b", ClientCertificateSubject = b.SubjectName.Name }]);
        Assert.Equal("agency-b", directory.FindByCertificate(b)?.Id);
    }

    [Fact]
    public void An_agency_configured_twice_is_an_error() =>
        Assert.Throws<ArgumentException>(() => new AgencyDirectory([
            new AgencyEntry { Id = "x", ClientCertificateSubject = "CN=x" },
            new AgencyEntry { Id = "x", ClientCertificateSubject = "CN=y" },
        ]));

    [Fact]
    public void The_agencies_file_loads()
    {
        using var folder = new TempFolder();
        var path = folder.File("agencies.json");
        File.WriteAllText(path, """{"agencies":[{"id":"agency-a","name":"A","clientCertificateSubject":"CN=agency-a","clientCertificateSha256":"00"}]}""");
        var directory = AgencyDirectory.LoadJson(path);
        Assert.Equal("00", directory.Agencies.Single().ClientCertificateSha256);
    }
}
