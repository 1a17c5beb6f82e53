namespace Gateway.Merkle.Tests;

public class SignedNoteTests
{
    private static readonly NoteSigner Peter = NoteSigner.FromKeyString(NoteVectors.PeterSignerKey);
    private static readonly NoteVerifier PeterVerifier = NoteVerifier.FromVerifierKey(NoteVectors.PeterVerifierKey);

    [Fact]
    public void GoVector_KeyStringsAndKeyIdMatch()
    {
        Assert.Equal("PeterNeumann", Peter.Name);
        Assert.Equal(NoteVectors.PeterKeyId, Peter.KeyId);
        Assert.Equal(NoteVectors.PeterSignerKey, Peter.KeyString);
        Assert.Equal(NoteVectors.PeterVerifierKey, Peter.VerifierKey);
        Assert.Equal("PeterNeumann", PeterVerifier.Name);
        Assert.Equal(NoteVectors.PeterKeyId, PeterVerifier.KeyId);
    }

    [Fact]
    public void GoVector_OurSignerProducesTheSameSignedNote()
    {
        Assert.Equal(NoteVectors.SignedNote, Peter.Sign(NoteVectors.Text));
    }

    [Fact]
    public void GoVector_OurVerifierAcceptsIt()
    {
        Assert.True(PeterVerifier.Verify(NoteVectors.SignedNote, out var text));
        Assert.Equal(NoteVectors.Text, text);
    }

    [Fact]
    public void GoVector_UnknownSignaturesAreIgnored_EitherOrder()
    {
        var enoch = NoteVerifier.FromVerifierKey(NoteVectors.EnochVerifierKey);
        foreach (var note in new[]
                 {
                     NoteVectors.Text + "\n" + NoteVectors.PeterSig + NoteVectors.EnochSig,
                     NoteVectors.Text + "\n" + NoteVectors.EnochSig + NoteVectors.PeterSig,
                 })
        {
            Assert.True(PeterVerifier.Verify(note, out var t1));
            Assert.Equal(NoteVectors.Text, t1);
            Assert.True(enoch.Verify(note, out var t2));
            Assert.Equal(NoteVectors.Text, t2);
        }
        Assert.False(enoch.Verify(NoteVectors.SignedNote, out _));
    }

    [Fact]
    public void GoVector_MalformedMessagesFromTheReferenceTests_AreRejected()
    {
        var sig = NoteVectors.PeterSig;
        var text = NoteVectors.Text;
        string[] bad =
        [
            text,
            text + "\n",
            text + "\n" + sig[..^1],
            "\x01" + text + "\n" + sig,
            "\uFFFD\uD800" + text + "\n" + sig, // a lone surrogate: no UTF-8 encoding (Go's case is a 0xff byte)
            text + "\n" + "\u2014 Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=",
            text + "\n" + sig + "Unexpected line.\n",
            text + "\n" + string.Concat(Enumerable.Repeat(sig, 101)),
            text + "\n" + sig[..60] + "ABCD" + sig[60..],
        ];
        foreach (var note in bad)
        {
            Assert.False(PeterVerifier.Verify(note, out var t), note);
            Assert.Equal(string.Empty, t);
        }
        // Up to 100 signature lines are fine.
        Assert.True(PeterVerifier.Verify(text + "\n" + string.Concat(Enumerable.Repeat(sig, 100)), out _));
    }

    [Fact]
    public void GoVector_EveryProperSubstringOfTheKeys_IsRejected()
    {
        foreach (var (key, parse) in new (string, Action<string>)[]
                 {
                     (NoteVectors.PeterSignerKey, k => NoteSigner.FromKeyString(k)),
                     (NoteVectors.PeterVerifierKey, k => NoteVerifier.FromVerifierKey(k)),
                 })
        {
            for (var i = 0; i <= key.Length; i++)
            for (var j = i; j <= key.Length; j++)
            {
                if (i == 0 && j == key.Length)
                    continue;
                var k = key[i..j];
                Assert.Throws<FormatException>(() => parse(k));
            }
            for (var i = 0; i < key.Length; i++)
            {
                var k = key[..i] + (char)(key[i] + 1) + key[(i + 1)..];
                Assert.Throws<FormatException>(() => parse(k));
            }
        }
        // From the reference tests: wrong key length and unknown algorithm, each with a matching key ID.
        Assert.Throws<FormatException>(() => NoteVerifier.FromVerifierKey("PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=="));
        Assert.Throws<FormatException>(() => NoteVerifier.FromVerifierKey("PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"));
        Assert.Throws<FormatException>(() => NoteSigner.FromKeyString(null!));
        Assert.Throws<FormatException>(() => NoteVerifier.FromVerifierKey(null!));
    }

    [Fact]
    public void Generate_RoundTripsThroughKeyStrings()
    {
        var signer = NoteSigner.Generate("gateway.example/log");
        var again = NoteSigner.FromKeyString(signer.KeyString);
        Assert.Equal(signer.KeyId, again.KeyId);
        Assert.Equal(signer.VerifierKey, again.VerifierKey);
        Assert.StartsWith("gateway.example/log+" + signer.KeyId.ToString("x8") + "+", signer.VerifierKey);

        var verifier = NoteVerifier.FromVerifierKey(signer.VerifierKey);
        var note = signer.Sign("hello\n");
        Assert.Equal(note, again.Sign("hello\n"));
        Assert.True(verifier.Verify(note, out var text));
        Assert.Equal("hello\n", text);
    }

    [Fact]
    public void ToString_DoesNotRevealTheKey()
    {
        var s = Peter.ToString();
        Assert.Equal("NoteSigner(PeterNeumann+c74f20a3)", s);
        Assert.DoesNotContain("PRIVATE", s);
        Assert.DoesNotContain("AYEKFALV", s);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a b")]
    [InlineData("a+b")]
    [InlineData("a\nb")]
    [InlineData("a\tb")]
    public void Generate_RejectsBadNames(string name)
    {
        Assert.Throws<ArgumentException>(() => NoteSigner.Generate(name));
    }

    [Theory]
    [InlineData("")]
    [InlineData("no newline")]
    [InlineData("tab\there\n")]
    [InlineData("cr\r\n")]
    public void Sign_RejectsBadText(string text)
    {
        Assert.Throws<ArgumentException>(() => Peter.Sign(text));
    }

    [Fact]
    public void Sign_AllowsEmptyLinesInsideTheText()
    {
        const string text = "first\n\nthird\n";
        var note = Peter.Sign(text);
        Assert.True(PeterVerifier.Verify(note, out var opened));
        Assert.Equal(text, opened);
    }

    [Fact]
    public void Tampering_AnyCharOfTheSignedNote_Fails()
    {
        var note = Peter.Sign("gateway.example/log\n7\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n");
        Assert.True(PeterVerifier.Verify(note, out _));
        for (var i = 0; i < note.Length; i++)
        {
            foreach (var delta in new[] { 1, -1 })
            {
                var changed = note[..i] + (char)(note[i] + delta) + note[(i + 1)..];
                Assert.False(PeterVerifier.Verify(changed, out var text), $"position {i} delta {delta}");
                Assert.Equal(string.Empty, text);
            }
        }
    }

    [Fact]
    public void Tampering_FlippingAnyBitOfTheSignatureBlob_Fails()
    {
        var note = Peter.Sign(NoteVectors.Text);
        var line = note[(NoteVectors.Text.Length + 1)..];
        var b64 = line["\u2014 PeterNeumann ".Length..^1];
        var blob = Convert.FromBase64String(b64);
        for (var bit = 0; bit < blob.Length * 8; bit++)
        {
            var copy = (byte[])blob.Clone();
            copy[bit / 8] ^= (byte)(1 << (bit % 8));
            var forged = NoteVectors.Text + "\n\u2014 PeterNeumann " + Convert.ToBase64String(copy) + "\n";
            Assert.False(PeterVerifier.Verify(forged, out _), $"bit {bit}");
        }
    }

    [Fact]
    public void EveryTruncation_IsRejectedWithoutThrowing()
    {
        var note = Peter.Sign(NoteVectors.Text);
        for (var n = 0; n < note.Length; n++)
        {
            Assert.False(PeterVerifier.Verify(note[..n], out var text), $"length {n}");
            Assert.Equal(string.Empty, text);
            Assert.False(PeterVerifier.Verify(note[(n + 1)..], out _), $"suffix from {n + 1}");
        }
        Assert.True(PeterVerifier.Verify(note, out _));
    }

    [Fact]
    public void SameNameDifferentKey_Fails()
    {
        var impostor = NoteSigner.Generate("PeterNeumann");
        Assert.NotEqual(Peter.KeyId, impostor.KeyId);
        var forged = impostor.Sign(NoteVectors.Text);
        Assert.False(PeterVerifier.Verify(forged, out _));

        // The impostor's signature under Peter's key ID: the ID matches, the signature does not.
        var impostorBlob = Convert.FromBase64String(forged[(NoteVectors.Text.Length + 1 + "\u2014 PeterNeumann ".Length)..^1]);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(impostorBlob, Peter.KeyId);
        var relabelled = NoteVectors.Text + "\n\u2014 PeterNeumann " + Convert.ToBase64String(impostorBlob) + "\n";
        Assert.False(PeterVerifier.Verify(relabelled, out _));
        // ... and a failing line by the known key rejects the note even if a good one follows.
        Assert.False(PeterVerifier.Verify(relabelled + NoteVectors.PeterSig, out _));
    }

    [Fact]
    public void SameKeyDifferentName_Fails()
    {
        var renamed = NoteVectors.SignedNote.Replace("PeterNeumann", "CarmenSandiego");
        Assert.False(PeterVerifier.Verify(renamed, out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("\n")]
    [InlineData("\n\n")]
    [InlineData("hello\n\n")]
    [InlineData("hello\n\n\n")]
    [InlineData("hello\n\n\u2014 \n")]
    [InlineData("hello\n\n\u2014 PeterNeumann\n")]
    [InlineData("hello\n\n\u2014 PeterNeumann \n")]
    [InlineData("hello\n\n\u2014 PeterNeumann ====\n")]
    [InlineData("hello\n\n\u2014 PeterNeumann AAAA\n")]
    [InlineData("hello\n\n\u2014 PeterNeumann x08go/ZJ!!!\n")]
    [InlineData("hello\n\n\u2014 PeterNeumann x08go/Z JkuBS9\n")]
    [InlineData("hello\n\n- PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n")]
    [InlineData("hello\n\n\u2013 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n")]
    [InlineData("hello\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n")]
    public void Malformed_ReturnsFalse(string? note)
    {
        Assert.False(PeterVerifier.Verify(note!, out var text));
        Assert.Equal(string.Empty, text);
    }

    [Fact]
    public void MissingEmDashOrBlankLine_InTheGoVector_Fails()
    {
        Assert.False(PeterVerifier.Verify(NoteVectors.Text + NoteVectors.PeterSig, out _));
        Assert.False(PeterVerifier.Verify(NoteVectors.Text + "\n" + NoteVectors.PeterSig[2..], out _));
        Assert.False(PeterVerifier.Verify(NoteVectors.Text + "\n" + "--" + NoteVectors.PeterSig[1..], out _));
        Assert.False(PeterVerifier.Verify(NoteVectors.Text + "\n" + NoteVectors.PeterSig.Replace("\n", "\r\n"), out _));
        // Non-canonical base64 (whitespace, missing padding) is rejected.
        Assert.False(PeterVerifier.Verify(NoteVectors.Text + "\n" + NoteVectors.PeterSig.Replace("AM=", "AM"), out _));
        Assert.False(PeterVerifier.Verify(NoteVectors.Text + "\n" + NoteVectors.PeterSig.Replace("x08go/", "x08go /"), out _));
    }
}
