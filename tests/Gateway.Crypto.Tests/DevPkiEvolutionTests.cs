namespace Gateway.Crypto.Tests;

public sealed class DevPkiEvolutionTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "gateway-devpki-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Adding_an_agency_keeps_existing_files_and_a_missing_ca_needs_overwrite()
    {
        var layout = DevPki.Create(_directory, new DevPkiOptions { Agencies = ["x"] });
        var seal = File.ReadAllBytes(layout.SealCertificate);
        var x = File.ReadAllBytes(layout.AgencyClientCertificate("x"));

        DevPki.Create(_directory, new DevPkiOptions { Agencies = ["x", "y"] });
        Assert.Equal(seal, File.ReadAllBytes(layout.SealCertificate));
        Assert.Equal(x, File.ReadAllBytes(layout.AgencyClientCertificate("x")));
        Assert.True(File.Exists(layout.AgencySigningKey("y")));
        Assert.Contains("\"y\"", File.ReadAllText(layout.AgenciesJson));

        File.Delete(layout.RootCaKey);
        Assert.Throws<InvalidOperationException>(() => DevPki.Create(_directory, new DevPkiOptions { Agencies = ["x", "y"] }));
        DevPki.Create(_directory, new DevPkiOptions { Agencies = ["x", "y"], Overwrite = true });
        Assert.NotEqual(seal, File.ReadAllBytes(layout.SealCertificate));

        Assert.Throws<ArgumentException>(() => DevPki.Create(_directory, new DevPkiOptions { Agencies = ["../evil"] }));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
