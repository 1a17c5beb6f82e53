namespace Gateway.Pkix.Tests;

/// <summary>The usual shape: a root (the trust anchor), an issuing CA that comes with the signature, and a leaf.</summary>
internal sealed record Chain3(TestCert Root, TestCert Ca, TestCert Leaf)
{
    public static Chain3 Make(Action<CertSpec>? leaf = null, Action<CertSpec>? ca = null, Action<CertSpec>? root = null, string name = "Test")
    {
        var r = TestPki.Root($"CN={name} Root, O=Gateway Tests, C=TH", root);
        var c = TestPki.Ca($"CN={name} Issuing CA, O=Gateway Tests, C=TH", r, ca);
        var l = TestPki.Leaf($"CN={name} Signer, O=Gateway Tests, C=TH", c, leaf);
        return new Chain3(r, c, l);
    }

    /// <summary>The issuing CA plus fresh CRLs from both CAs saying nothing is revoked.</summary>
    public Gateway.Pkix.ValidationMaterial GoodMaterial() => new()
    {
        Certificates = [Ca.Certificate],
        Crls = [TestRevocation.GoodCrl(Ca), TestRevocation.GoodCrl(Root)],
    };

    public Gateway.Pkix.ValidationMaterial CertificatesOnly() => new() { Certificates = [Ca.Certificate] };
}
