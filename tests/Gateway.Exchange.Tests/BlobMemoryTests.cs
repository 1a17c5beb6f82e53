using System.Security.Cryptography;
using Xunit.Abstractions;

namespace Gateway.Exchange.Tests;

// Runs alone so the process-wide allocation counter is not polluted by tests running in parallel.
[CollectionDefinition(nameof(BlobMemoryTests), DisableParallelization = true)]
[Collection(nameof(BlobMemoryTests))]
public sealed class BlobMemoryTests : IDisposable
{
    private const int ChunkSize = 64 * 1024;
    private const long DocumentSize = 50L * 1024 * 1024;
    private const long AllocationBudget = 8L * 1024 * 1024;

    private readonly TempFolder _dir = new();
    private readonly ITestOutputHelper _output;

    public BlobMemoryTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Fifty_MiB_document_is_written_with_bounded_allocations()
    {
        // Per-thread counters mean nothing across awaits (continuations move threads): count the whole process.
        var store = new ContentAddressedBlobStore(new BlobStoreOptions { RootDirectory = _dir.Path });
        var chunk = new byte[ChunkSize];
        Random.Shared.NextBytes(chunk);
        using var expected = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        var processBefore = GC.GetTotalAllocatedBytes(precise: true);
        BlobInfo info;
        await using (var writer = store.CreateWriter(DocumentSize))
        {
            for (long written = 0; written < DocumentSize; written += ChunkSize)
            {
                await writer.WriteAsync(chunk);
            }
            info = await writer.CommitAsync();
        }
        var processDelta = GC.GetTotalAllocatedBytes(precise: true) - processBefore;

        _output.WriteLine($"allocated: process {processDelta:N0} B");

        for (long written = 0; written < DocumentSize; written += ChunkSize)
        {
            expected.AppendData(chunk);
        }
        Assert.Equal(DocumentSize, info.Length);
        Assert.Equal(Convert.ToHexStringLower(expected.GetHashAndReset()), info.Sha256);
        Assert.InRange(processDelta, 0, AllocationBudget);
    }
}
