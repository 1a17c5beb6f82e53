using System.Numerics;

namespace Gateway.Merkle.Internal;

/// <summary>The size arithmetic RFC 6962 §2.1 keeps using.</summary>
internal static class TreeMath
{
    /// <summary>
    /// k, the largest power of two strictly below <paramref name="n"/> (n &gt; 1): where MTH splits
    /// D[n] into a perfect left subtree D[0:k] and the rest D[k:n].
    /// </summary>
    public static ulong Split(ulong n)
    {
        System.Diagnostics.Debug.Assert(n > 1);
        return 1UL << (63 - BitOperations.LeadingZeroCount(n - 1));
    }

    public static bool IsPowerOfTwo(ulong n) => n != 0 && (n & (n - 1)) == 0;
}
