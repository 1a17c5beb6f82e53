using System.Security.Cryptography;
using Gateway.Crypto;

namespace Gateway.EvidenceLog.Tests;

/// <summary>
/// A TSA that answers with a placeholder token (the log stores tokens, it does not judge them), or
/// fails as an unreachable TSA does while <see cref="Down"/>. Counts requests: one per seal.
/// </summary>
internal sealed class FakeTimeStamps : ITimeStampSource
{
    private int _requests;

    public bool Down { get; set; }

    public int Requests => Volatile.Read(ref _requests);

    public Task<byte[]> GetTokenAsync(ReadOnlyMemory<byte> digest, HashAlgorithmName hashAlgorithm, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _requests);
        if (Down) throw new TimeStampException(TimeStampException.Unreachable, "connection refused (test)");
        return Task.FromResult<byte[]>([0x30, .. digest.Span]);
    }
}
