namespace Gateway.Signing.Internal;

/// <summary>
/// Passes everything through to the output and keeps a copy of what comes after the original file:
/// the update is small, and hashing or patching it must not mean reading the whole output back.
/// </summary>
internal sealed class TailCapture(Stream output, long originalLength) : Stream
{
    private readonly MemoryStream _tail = new();
    private long _position;

    public byte[] Tail => _tail.ToArray();

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        output.Write(buffer);
        var skip = (int)Math.Clamp(originalLength - _position, 0, buffer.Length);
        if (skip < buffer.Length) _tail.Write(buffer[skip..]);
        _position += buffer.Length;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
    public override void WriteByte(byte value) => Write([value]);
    public override void Flush() => output.Flush();
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => _position;
    public override long Position { get => _position; set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
