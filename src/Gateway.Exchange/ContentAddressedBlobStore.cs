using Gateway.Exchange.Internal;

namespace Gateway.Exchange;

// Content-addressed storage for document bytes: files under <root>/sha256/ab/cd/<64 hex>.
// Identical documents share one file, and a file's name proves its content.
public sealed class ContentAddressedBlobStore
{
    private const int ReadBufferSize = 64 * 1024;

    private readonly BlobLayout _layout;

    public ContentAddressedBlobStore(BlobStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _layout = new BlobLayout(options.RootDirectory);
    }

    public BlobWriter CreateWriter(long maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        return new BlobWriter(_layout, maxBytes);
    }

    public bool Exists(string sha256Hex) => File.Exists(_layout.PathOf(sha256Hex));

    public Stream OpenRead(string sha256Hex)
    {
        var path = _layout.PathOf(sha256Hex);
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read,
                ReadBufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (DirectoryNotFoundException e)
        {
            // A missing fan-out folder is just another way of the blob being absent; callers handle one exception type.
            throw new FileNotFoundException($"No blob with SHA-256 {sha256Hex}.", path, e);
        }
    }

    public string PathOf(string sha256Hex) => _layout.PathOf(sha256Hex);
}
