using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Xunit.Abstractions;

namespace Gateway.Crypto.Tests;

[Collection(PkiCollection.Name)]
public sealed class DevPkiTests(PkiFixture pki, ITestOutputHelper output)
{
    private DevPkiLayout Layout => pki.Layout;

    private IEnumerable<string> AllFiles()
    {
        yield return Layout.RootsPem;
        yield return Layout.IntermediatesPem;
        yield return Layout.RootCaCertificate;
        yield return Layout.RootCaKey;
        yield return Layout.IssuingCaCertificate;
        yield return Layout.IssuingCaKey;
        yield return Layout.ServerCertificate;
        yield return Layout.ServerKey;
        yield return Layout.SealCertificate;
        yield return Layout.SealKey;
        yield return Layout.TsaCertificate;
        yield return Layout.TsaKey;
        yield return Layout.OcspCertificate;
        yield return Layout.OcspKey;
        yield return Layout.AgenciesJson;
        yield return Layout.LogKey;
        yield return Layout.LogPublicKey;
        foreach (var agency in new[] { "agency-a", "agency-b" })
        {
            yield return Layout.AgencyClientCertificate(agency);
            yield return Layout.AgencyClientKey(agency);
            yield return Layout.AgencySigningCertificate(agency);
            yield return Layout.AgencySigningKey(agency);
        }
    }

    [Fact]
    public void Creates_every_file_with_absolute_paths_and_private_key_modes()
    {
        foreach (var file in AllFiles())
        {
            Assert.True(Path.IsPathRooted(file), file);
            Assert.True(File.Exists(file), file);
            if (file.EndsWith(".key", StringComparison.Ordinal) && !OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            }
        }
    }

    [Fact]
    public void Second_call_changes_nothing()
    {
        var before = AllFiles().ToDictionary(f => f, f => (File.ReadAllBytes(f), File.GetLastWriteTimeUtc(f)));
        var again = DevPki.Create(pki.Directory);
        Assert.Equal(Layout, again);
        foreach (var (file, (bytes, written)) in before)
        {
            Assert.Equal(bytes, File.ReadAllBytes(file));
            Assert.Equal(written, File.GetLastWriteTimeUtc(file));
        }
    }

    [Fact]
    public void Tsa_certificate_has_only_a_critical_time_stamping_eku()
    {
        using var tsa = X509CertificateLoader.LoadCertificateFromFile(Layout.TsaCertificate);
        var eku = Assert.Single(tsa.Extensions.OfType<X509EnhancedKeyUsageExtension>());
        Assert.True(eku.Critical);
        Assert.Equal("1.3.6.1.5.5.7.3.8", Assert.Single(eku.EnhancedKeyUsages.Cast<Oid>()).Value);
    }

    [Fact]
    public void Certificates_have_the_specified_profile()
    {
        using var root = X509CertificateLoader.LoadCertificateFromFile(Layout.RootCaCertificate);
        using var issuing = X509CertificateLoader.LoadCertificateFromFile(Layout.IssuingCaCertificate);
        Assert.Equal("CN=Gateway Development Root CA, O=Gateway Development, C=TH", root.Subject);
        Assert.Equal(3072, root.GetRSAPublicKey()!.KeySize);
        Assert.True(root.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        var pathLen = issuing.Extensions.OfType<X509BasicConstraintsExtension>().Single();
        Assert.True(pathLen.HasPathLengthConstraint);
        Assert.Equal(0, pathLen.PathLengthConstraint);

        using var server = X509CertificateLoader.LoadCertificateFromFile(Layout.ServerCertificate);
        Assert.Equal("localhost", server.GetNameInfo(X509NameType.DnsName, false));
        Assert.NotNull(server.GetECDsaPublicKey());
        Assert.Equal("1.3.6.1.5.5.7.3.1", server.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages[0].Value);

        using var seal = X509CertificateLoader.LoadCertificateFromFile(Layout.SealCertificate);
        Assert.Empty(seal.Extensions.OfType<X509EnhancedKeyUsageExtension>());
        Assert.Equal(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, seal.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages);
        Assert.Equal(16, seal.SerialNumberBytes.Length);
        Assert.NotNull(seal.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().SingleOrDefault());
    }

    [Fact]
    public void Agencies_json_lists_client_certificates()
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(Layout.AgenciesJson));
        var agencies = json.RootElement.GetProperty("agencies").EnumerateArray().ToList();
        Assert.Equal(2, agencies.Count);
        var a = agencies[0];
        Assert.Equal("agency-a", a.GetProperty("id").GetString());
        Assert.Equal("Demonstration agency agency-a", a.GetProperty("name").GetString());
        using var client = X509CertificateLoader.LoadCertificateFromFile(Layout.AgencyClientCertificate("agency-a"));
        Assert.Equal(client.Subject, a.GetProperty("clientCertificateSubject").GetString());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(client.RawData)), a.GetProperty("clientCertificateSha256").GetString());
    }

    [Fact]
    public void Keys_load_and_match_their_certificates()
    {
        using var client = FileSigningKey.LoadPem(Layout.AgencySigningCertificate("agency-b"), Layout.AgencySigningKey("agency-b"));
        Assert.Equal(KeyAlgorithm.Ecdsa, client.Algorithm);
        Assert.Single(client.Chain);
        Assert.Throws<CryptoFormatException>(() => FileSigningKey.LoadPem(Layout.SealCertificate, Layout.TsaKey));
        Assert.DoesNotContain("PRIVATE", client.ToString());
    }

    [Fact]
    public void Openssl_verifies_every_chain()
    {
        if (!ExternalTool.RequireOpenSsl(output))
        {
            return;
        }

        var leaves = AllFiles().Where(f => f.EndsWith(".crt", StringComparison.Ordinal) && !f.Contains($"{Path.DirectorySeparatorChar}ca{Path.DirectorySeparatorChar}")).ToList();
        var result = ExternalTool.RunOpenSsl(["verify", "-CAfile", Layout.RootsPem, "-untrusted", Layout.IntermediatesPem, .. leaves]);
        output.WriteLine(result.ToString());
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(leaves.Count, result.StandardOutput.Split('\n').Count(l => l.EndsWith(": OK", StringComparison.Ordinal)));
    }
}
