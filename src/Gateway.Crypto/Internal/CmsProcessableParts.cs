using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Cms;

namespace Gateway.Crypto.Internal;

/// <summary>id-data content made of several slices, written without joining them.</summary>
internal sealed class CmsProcessableParts(IReadOnlyList<ReadOnlyMemory<byte>> parts) : CmsTypedData
{
    public DerObjectIdentifier ContentType => CmsObjectIdentifiers.Data;

    public void Write(Stream outStream)
    {
        foreach (var part in parts) outStream.Write(part.Span);
    }

    public object GetContent() => throw new NotSupportedException("detached content is streamed, not materialised");
}
