namespace Gateway.Merkle;

/// <summary>Signed checkpoints: a <see cref="Checkpoint"/> as the text of a signed note.</summary>
public static class Checkpoints
{
    /// <summary>The signed note of <paramref name="checkpoint"/>'s note text.</summary>
    /// <remarks>The spec says the log's key name SHOULD equal the origin; this is not enforced.</remarks>
    public static string Sign(Checkpoint checkpoint, NoteSigner signer)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(signer);
        return signer.Sign(checkpoint.ToNoteText());
    }

    /// <summary>
    /// True when <paramref name="signedNote"/> verifies under <paramref name="verifier"/> and its
    /// text is a well-formed checkpoint. Callers should still check that the origin is the log
    /// they expect. Never throws.
    /// </summary>
    public static bool TryOpen(string signedNote, NoteVerifier verifier, out Checkpoint? checkpoint)
    {
        checkpoint = null;
        if (verifier is null || !verifier.Verify(signedNote, out var text))
            return false;
        return Checkpoint.TryParse(text, out checkpoint);
    }
}
