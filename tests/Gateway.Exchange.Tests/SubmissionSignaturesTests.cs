using Gateway.Exchange.Internal;
using Gateway.Pkix;
using Gateway.Validation;

namespace Gateway.Exchange.Tests;

/// <summary>Which submitted documents are validated, and what a signature requirement makes of the rest.</summary>
public sealed class SubmissionSignaturesTests : IDisposable
{
    private readonly TempFolder _dir = new();
    private readonly ContentAddressedBlobStore _store;
    private readonly DocumentValidator _validator = new(new CertificateValidator(Crypto.TrustStore.FromCertificates([])));

    public SubmissionSignaturesTests() =>
        _store = new ContentAddressedBlobStore(new BlobStoreOptions { RootDirectory = _dir.Path });

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_PDF_within_the_limit_is_validated_and_one_above_it_streams_through_unvalidated()
    {
        var options = new ExchangeOptions { MaxValidatedBytes = 4096 };
        var checker = new SubmissionSignatures(_validator, options);
        var header = new SubmissionHeader { MediaType = "application/pdf", ServiceId = "permits" };

        var small = await checker.CheckAsync(header, await StoreAsync(Pdf(1000)), _store, CancellationToken.None);
        var large = await checker.CheckAsync(header, await StoreAsync(Pdf(5000)), _store, CancellationToken.None);

        Assert.NotNull(small);
        Assert.Empty(small);
        Assert.Null(large);
    }

    [Fact]
    public async Task A_service_that_requires_signatures_refuses_a_document_too_large_to_validate()
    {
        var options = new ExchangeOptions { MaxValidatedBytes = 4096 };
        options.SignatureRequirements["permits"] = new SignatureRequirement();
        var checker = new SubmissionSignatures(_validator, options);
        var header = new SubmissionHeader { MediaType = "application/pdf", ServiceId = "permits" };
        var blob = await StoreAsync(Pdf(5000));

        var refusal = await Assert.ThrowsAsync<ExchangeException>(() => checker.CheckAsync(header, blob, _store, CancellationToken.None));

        Assert.Equal(ExchangeReasons.SignatureRequirementNotMet, refusal.Reason);
        Assert.Equal(ExchangeErrorKind.FailedPrecondition, refusal.Kind);
        Assert.Contains("4096", refusal.Message);
    }

    private static byte[] Pdf(int size)
    {
        var bytes = new byte[size];
        "%PDF-1.7\n"u8.CopyTo(bytes);
        return bytes;
    }

    private async Task<BlobInfo> StoreAsync(byte[] content)
    {
        await using var writer = _store.CreateWriter(1 << 20);
        await writer.WriteAsync(content);
        return await writer.CommitAsync();
    }
}
