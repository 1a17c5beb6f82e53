namespace Gateway.Merkle;

/// <summary>
/// A root or proof expressed in stored perfect subtrees: each output hash is the RFC 6962 root of a
/// run of adjacent perfect subtrees (largest first), so a log reads <see cref="Nodes"/> — all at
/// once if it likes — and <see cref="Assemble"/> folds them into the proof.
/// </summary>
public sealed class ProofRecipe
{
    private readonly TreeNode[][] _outputs;

    internal ProofRecipe(TreeNode[][] outputs)
    {
        _outputs = outputs;
        Nodes = outputs.SelectMany(o => o).Distinct().ToArray();
    }

    /// <summary>Every node the outputs need, each once.</summary>
    public IReadOnlyList<TreeNode> Nodes { get; }

    /// <summary>The number of hashes <see cref="Assemble"/> returns.</summary>
    public int Count => _outputs.Length;

    /// <summary>
    /// The proof (or root) from the nodes' hashes. <paramref name="hashOf"/> is asked only for
    /// <see cref="Nodes"/>; a hash that is not 32 bytes is a storage fault and throws.
    /// </summary>
    /// <exception cref="InvalidOperationException">A node hash is not 32 bytes.</exception>
    public IReadOnlyList<byte[]> Assemble(Func<TreeNode, byte[]> hashOf)
    {
        ArgumentNullException.ThrowIfNull(hashOf);
        var result = new byte[_outputs.Length][];
        for (var i = 0; i < _outputs.Length; i++)
        {
            var parts = _outputs[i];
            // RFC 6962 hangs each smaller subtree under the right side of the larger ones: fold from the right.
            var root = (byte[])Checked(hashOf(parts[^1]), parts[^1]).Clone();
            for (var p = parts.Length - 2; p >= 0; p--)
                Rfc6962.HashChildren(Checked(hashOf(parts[p]), parts[p]), root, root);
            result[i] = root;
        }
        return result;
    }

    private static byte[] Checked(byte[]? hash, TreeNode node) =>
        hash is not null && Rfc6962.IsHash(hash)
            ? hash
            : throw new InvalidOperationException($"the hash of node {node.Level}/{node.Index} is not {Rfc6962.HashSize} bytes");
}
