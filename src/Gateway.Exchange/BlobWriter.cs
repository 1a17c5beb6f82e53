using System.Security.Cryptography;
using Gateway.Exchange.Internal;

namespace Gateway.Exchange;

// Streams one document to disk while hashing it, so arbitrarily large documents need
// only the caller's chunk buffer in memory and the address is known the moment writing ends.
public sealed class BlobWriter : IAsyncDisposable
{
    private readonly BlobLayout _layout;
    private readonly long _maxBytes;
    private readonly string _tempPath;
    private readonly FileStream _file;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private bool _finished;

    internal BlobWriter(BlobLayout layout, long maxBytes)
    {
        _layout = layout;
        _maxBytes = maxBytes;
        _tempPath = layout.NewTempPath();
        // bufferSize 0: writes go straight to the OS, keeping memory flat for large documents.
        _file = new FileStream(_tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous);
    }

    public long Length { get; private set; }

    // Throws BlobTooLargeException once more than maxBytes would be written; nothing is kept.
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken ct = default)
    {
        EnsureWritable();
        if (data.Length > _maxBytes - Length)
        {
            await AbandonAsync().ConfigureAwait(false);
            throw new BlobTooLargeException(_maxBytes);
        }
        try
        {
            _hash.AppendData(data.Span);
            await _file.WriteAsync(data, ct).ConfigureAwait(false);
            Length += data.Length;
        }
        catch
        {
            // The hash and the file may now disagree; the writer cannot be trusted any more.
            await AbandonAsync().ConfigureAwait(false);
            throw;
        }
    }

    // Flushes and fsyncs the temp file, renames it to its content address (if the address already exists,
    // the temp file is just deleted: same content), fsyncs the directory; returns hex SHA-256 and length.
    public async Task<BlobInfo> CommitAsync(CancellationToken ct = default)
    {
        EnsureWritable();
        try
        {
            await _file.FlushAsync(ct).ConfigureAwait(false);
            _file.Flush(flushToDisk: true);
            await _file.DisposeAsync().ConfigureAwait(false);

            var sha256 = Convert.ToHexStringLower(_hash.GetHashAndReset());
            var target = _layout.PathOf(sha256);
            var directory = Path.GetDirectoryName(target)!;
            _layout.EnsureDirectoryDurably(directory);
            if (File.Exists(target))
            {
                File.Delete(_tempPath);
            }
            else
            {
                // Overwrite is harmless: a concurrent writer of the same address wrote the same bytes.
                File.Move(_tempPath, target, overwrite: true);
                DirectorySync.Flush(directory);
            }
            _finished = true;
            _hash.Dispose();
            return new BlobInfo(sha256, Length);
        }
        catch
        {
            await AbandonAsync().ConfigureAwait(false);
            throw;
        }
    }

    // DisposeAsync without Commit deletes the temp file.
    public async ValueTask DisposeAsync()
    {
        if (!_finished)
        {
            await AbandonAsync().ConfigureAwait(false);
        }
    }

    private void EnsureWritable() => ObjectDisposedException.ThrowIf(_finished, this);

    private async ValueTask AbandonAsync()
    {
        _finished = true;
        await _file.DisposeAsync().ConfigureAwait(false);
        _hash.Dispose();
        File.Delete(_tempPath);
    }
}
