using System.Security.Cryptography;

namespace Gateway.Exchange.Tests;

public sealed class ContentAddressedBlobStoreTests : IDisposable
{
    private readonly TempFolder _dir = new();
    private readonly ContentAddressedBlobStore _store;

    public ContentAddressedBlobStoreTests() =>
        _store = new ContentAddressedBlobStore(new BlobStoreOptions { RootDirectory = _dir.Path });

    public void Dispose() => _dir.Dispose();

    private async Task<BlobInfo> StoreAsync(byte[] content, long maxBytes = 1 << 20)
    {
        await using var writer = _store.CreateWriter(maxBytes);
        await writer.WriteAsync(content.AsMemory(0, content.Length / 2));
        await writer.WriteAsync(content.AsMemory(content.Length / 2));
        return await writer.CommitAsync();
    }

    [Fact]
    public async Task Round_trip_returns_same_bytes_under_content_address()
    {
        var content = RandomNumberGenerator.GetBytes(100_000);

        var info = await StoreAsync(content);

        var expectedHash = Convert.ToHexStringLower(SHA256.HashData(content));
        Assert.Equal(new BlobInfo(expectedHash, content.Length), info);
        Assert.True(_store.Exists(expectedHash));
        Assert.Equal(
            Path.Combine(_dir.Path, "sha256", expectedHash[..2], expectedHash[2..4], expectedHash),
            _store.PathOf(expectedHash));
        await using var read = _store.OpenRead(expectedHash);
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(content, copy.ToArray());
    }

    [Fact]
    public async Task Same_content_twice_is_one_file()
    {
        var content = RandomNumberGenerator.GetBytes(1000);

        var first = await StoreAsync(content);
        var second = await StoreAsync(content);

        Assert.Equal(first, second);
        Assert.Equal([_store.PathOf(first.Sha256)], _dir.AllFiles());
    }

    [Fact]
    public async Task Empty_document_is_storable()
    {
        var info = await StoreAsync([]);

        Assert.Equal(0, info.Length);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(ReadOnlySpan<byte>.Empty)), info.Sha256);
    }

    [Fact]
    public async Task Too_large_throws_and_leaves_no_file()
    {
        await using var writer = _store.CreateWriter(maxBytes: 10);
        await writer.WriteAsync(new byte[6]);
        Assert.Equal(6, writer.Length);

        await Assert.ThrowsAsync<BlobTooLargeException>(() => writer.WriteAsync(new byte[5]).AsTask());

        Assert.Empty(_dir.AllFiles());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => writer.CommitAsync());
    }

    [Fact]
    public async Task Exactly_max_bytes_is_accepted()
    {
        var info = await StoreAsync(new byte[10], maxBytes: 10);

        Assert.Equal(10, info.Length);
    }

    [Fact]
    public async Task Dispose_without_commit_leaves_nothing()
    {
        await using (var writer = _store.CreateWriter(1000))
        {
            await writer.WriteAsync(new byte[100]);
            Assert.NotEmpty(_dir.AllFiles());
        }

        Assert.Empty(_dir.AllFiles());
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("not-hex")]
    [InlineData("")]
    [InlineData("ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789")]
    [InlineData("g000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("../../../../../../../../../../../../../../../../../../../etc/passwd")]
    public void Invalid_addresses_are_refused(string sha256Hex)
    {
        Assert.Throws<ArgumentException>(() => _store.OpenRead(sha256Hex));
        Assert.Throws<ArgumentException>(() => _store.Exists(sha256Hex));
        Assert.Throws<ArgumentException>(() => _store.PathOf(sha256Hex));
    }

    [Fact]
    public void Missing_blob_throws_file_not_found()
    {
        Assert.Throws<FileNotFoundException>(() => _store.OpenRead(new string('0', 64)));
        Assert.False(_store.Exists(new string('0', 64)));
    }
}
