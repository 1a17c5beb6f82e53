using System.Text.Json;
using Gateway.Pkcs11;

namespace Gateway.Pkcs11.Tests;

/// <summary>The RFC 7512 parser against the vectors in testdata/pkcs11-uris.json.</summary>
public sealed class Pkcs11UriTests
{
    public sealed record Vector(string Uri, string? Token, string? Object, string? Id, string? Type, string? ModulePath, string? PinFile, string? Error)
    {
        public override string ToString() => Uri;
    }

    public static TheoryData<Vector> Vectors()
    {
        var json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "testdata", "pkcs11-uris.json"));
        var data = new TheoryData<Vector>();
        foreach (var vector in JsonSerializer.Deserialize<Vector[]>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!) data.Add(vector);
        return data;
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Parses_or_refuses_with_a_clear_error(Vector vector)
    {
        if (vector.Error is not null)
        {
            var error = Assert.Throws<FormatException>(() => Pkcs11Uri.Parse(vector.Uri));
            Assert.Contains(vector.Error, error.Message);
            // An error names the attribute, never a value that might be a PIN.
            Assert.DoesNotContain("1234", error.Message);
            return;
        }
        var uri = Pkcs11Uri.Parse(vector.Uri);
        Assert.Equal(vector.Token, uri.Token);
        Assert.Equal(vector.Object, uri.Object);
        Assert.Equal(vector.Id, uri.Id is null ? null : Convert.ToHexString(uri.Id));
        Assert.Equal(vector.Type, uri.Type);
        Assert.Equal(vector.ModulePath, uri.ModulePath);
        Assert.Equal(vector.PinFile, uri.PinFile);
        // The printed form names the same key and carries no PIN source.
        var again = Pkcs11Uri.Parse(uri.ToString());
        Assert.Equal((uri.Token, uri.Object, uri.Type), (again.Token, again.Object, again.Type));
        Assert.Equal(uri.Id, again.Id);
        Assert.DoesNotContain("pin", uri.ToString());
    }

    [Fact]
    public void Recognises_only_pkcs11_names()
    {
        Assert.True(Pkcs11Uri.IsPkcs11("pkcs11:token=gw;object=seal"));
        Assert.False(Pkcs11Uri.IsPkcs11("certs/dev/seal/seal.key"));
        Assert.False(Pkcs11Uri.IsPkcs11(null));
    }
}
