namespace Gateway.Merkle.Tests;

public class CheckpointTests
{
    private static readonly byte[] Root0To31 = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

    [Fact]
    public void ToNoteText_MatchesTheSpecByteForByte()
    {
        var cp = new Checkpoint("gateway.example/log", 42, Root0To31);
        Assert.Equal("gateway.example/log\n42\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n", cp.ToNoteText());

        var withExtensions = new Checkpoint("gateway.example/log", 0, Root0To31, ["ext one", "ext-two"]);
        Assert.Equal("gateway.example/log\n0\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\next one\next-two\n", withExtensions.ToNoteText());
    }

    [Fact]
    public void SpecExampleBody_ParsesAndReserializesIdentically()
    {
        // The example body in https://c2sp.org/tlog-checkpoint.
        const string body = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
        Assert.True(Checkpoint.TryParse(body, out var cp));
        Assert.Equal("example.com/behind-the-sofa", cp!.Origin);
        Assert.Equal(20852163UL, cp.Size);
        Assert.Empty(cp.Extensions);
        Assert.Equal(body, cp.ToNoteText());
    }

    [Fact]
    public void TryParse_RoundTripsExtensionsAndLimits()
    {
        foreach (var size in new ulong[] { 0, 1, 9, 10, ulong.MaxValue })
        {
            var cp = new Checkpoint("o", size, Root0To31, ["x"]);
            Assert.True(Checkpoint.TryParse(cp.ToNoteText(), out var parsed));
            Assert.Equal(size, parsed!.Size);
            Assert.Equal(Root0To31, parsed.RootHash);
            Assert.Equal(["x"], parsed.Extensions);
            Assert.Equal(cp.ToNoteText(), parsed.ToNoteText());
        }
    }

    private const string Root = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("o\n01\n" + Root + "\n")]
    [InlineData("o\n00\n" + Root + "\n")]
    [InlineData("o\n-1\n" + Root + "\n")]
    [InlineData("o\n+1\n" + Root + "\n")]
    [InlineData("o\n 1\n" + Root + "\n")]
    [InlineData("o\n1 \n" + Root + "\n")]
    [InlineData("o\n0x10\n" + Root + "\n")]
    [InlineData("o\n1e3\n" + Root + "\n")]
    [InlineData("o\nten\n" + Root + "\n")]
    [InlineData("o\n\u0661\n" + Root + "\n")] // Arabic-Indic digit one
    [InlineData("o\n18446744073709551616\n" + Root + "\n")] // 2^64
    [InlineData("o\n\n" + Root + "\n")]
    [InlineData("o\n1\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHg==\n")] // 31 bytes
    [InlineData("o\n1\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gIQ==\n")] // 34 bytes
    [InlineData("o\n1\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8\n")] // no padding
    [InlineData("o\n1\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh9=\n")] // non-canonical final bits
    [InlineData("o\n1\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd Hh8=\n")]
    [InlineData("o\n1\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8-\n")]
    [InlineData("\n1\n" + Root + "\n")] // empty origin
    [InlineData("o\n1\n" + Root)] // missing trailing newline
    [InlineData("o\n1\n")]
    [InlineData("o\n1\n" + Root + "\n\n")] // empty extension line
    [InlineData("o\n1\n" + Root + "\next\n\n")]
    [InlineData("o\r\n1\n" + Root + "\n")]
    public void TryParse_RejectsMalformedBodies(string? text)
    {
        Assert.False(Checkpoint.TryParse(text!, out var cp));
        Assert.Null(cp);
    }

    [Fact]
    public void ToNoteText_RejectsWhatCannotBeWritten()
    {
        Assert.Throws<InvalidOperationException>(() => new Checkpoint("", 1, Root0To31).ToNoteText());
        Assert.Throws<InvalidOperationException>(() => new Checkpoint("a\nb", 1, Root0To31).ToNoteText());
        Assert.Throws<InvalidOperationException>(() => new Checkpoint("o", 1, new byte[31]).ToNoteText());
        Assert.Throws<InvalidOperationException>(() => new Checkpoint("o", 1, Root0To31, [""]).ToNoteText());
        Assert.Throws<InvalidOperationException>(() => new Checkpoint("o", 1, Root0To31, ["a\nb"]).ToNoteText());
    }

    [Fact]
    public void SignVerifyParse_RoundTrip()
    {
        var signer = NoteSigner.Generate("gateway.example/log");
        var verifier = NoteVerifier.FromVerifierKey(signer.VerifierKey);
        var cp = new Checkpoint("gateway.example/log", 42, Root0To31);

        var note = Checkpoints.Sign(cp, signer);
        Assert.StartsWith("gateway.example/log\n42\n" + Root + "\n\n\u2014 gateway.example/log ", note);
        Assert.EndsWith("\n", note);

        Assert.True(Checkpoints.TryOpen(note, verifier, out var opened));
        Assert.Equal(cp.Origin, opened!.Origin);
        Assert.Equal(cp.Size, opened.Size);
        Assert.Equal(cp.RootHash, opened.RootHash);

        var other = NoteVerifier.FromVerifierKey(NoteSigner.Generate("gateway.example/log").VerifierKey);
        Assert.False(Checkpoints.TryOpen(note, other, out var none));
        Assert.Null(none);
    }

    [Fact]
    public void TryOpen_ValidSignatureOverANonCheckpointText_IsFalse()
    {
        var signer = NoteSigner.Generate("gateway.example/log");
        var verifier = NoteVerifier.FromVerifierKey(signer.VerifierKey);
        Assert.False(Checkpoints.TryOpen(signer.Sign("gateway.example/log\n01\n" + Root + "\n"), verifier, out var cp));
        Assert.Null(cp);
    }

    [Fact]
    public void TryOpen_EveryTruncation_IsFalse()
    {
        var signer = NoteSigner.Generate("gateway.example/log");
        var verifier = NoteVerifier.FromVerifierKey(signer.VerifierKey);
        var note = Checkpoints.Sign(new Checkpoint("gateway.example/log", 5, Root0To31, ["ext"]), signer);
        for (var n = 0; n < note.Length; n++)
            Assert.False(Checkpoints.TryOpen(note[..n], verifier, out _), $"length {n}");
        Assert.True(Checkpoints.TryOpen(note, verifier, out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(1000)]
    public void CompactRangeRoot_SignedAndReopened_KeepsRootAndSize(int n)
    {
        var signer = NoteSigner.Generate("gateway.example/log");
        var verifier = NoteVerifier.FromVerifierKey(signer.VerifierKey);
        var range = new CompactRange();
        var leaves = new InMemoryLeaves();
        for (var i = 0; i < n; i++)
        {
            var leaf = Rfc6962.HashLeaf(BitConverter.GetBytes(i));
            range.Append(leaf);
            leaves.AppendLeafHash(leaf);
        }

        var note = Checkpoints.Sign(new Checkpoint("gateway.example/log", range.Size, range.Root()), signer);
        Assert.True(Checkpoints.TryOpen(note, verifier, out var cp));
        Assert.Equal((ulong)n, cp!.Size);
        Assert.Equal(range.Root(), cp.RootHash);
        Assert.Equal(MerkleTree.Root(leaves, (ulong)n), cp.RootHash);
    }
}
