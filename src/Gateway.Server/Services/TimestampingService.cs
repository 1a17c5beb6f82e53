using System.Security.Cryptography;
using Gateway.Api.V1;
using Gateway.Crypto;
using Gateway.Server.Internal;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Gateway.Server.Services;

/// <summary>gateway.v1.Timestamping: RFC 3161 tokens from the embedded TSA or the configured external one.</summary>
internal sealed class TimestampingService : Api.V1.Timestamping.TimestampingBase
{
    private readonly GatewayKeys _keys;

    public TimestampingService(GatewayKeys keys) => _keys = keys;

    public override async Task<TimestampResponse> Timestamp(TimestampRequest request, ServerCallContext context)
    {
        var (algorithm, length) = request.HashAlgorithm.ToUpperInvariant() switch
        {
            "" or "SHA-256" or "SHA256" => (HashAlgorithmName.SHA256, 32),
            "SHA-384" or "SHA384" => (HashAlgorithmName.SHA384, 48),
            "SHA-512" or "SHA512" => (HashAlgorithmName.SHA512, 64),
            _ => throw RpcErrors.Create(StatusCode.InvalidArgument, "HASH_ALGORITHM_UNSUPPORTED", "hash_algorithm must be SHA-256, SHA-384 or SHA-512", "hash_algorithm"),
        };
        if (request.Digest.Length != length)
            throw RpcErrors.Create(StatusCode.InvalidArgument, "DIGEST_LENGTH_INVALID", $"a {algorithm.Name} digest is {length} bytes, not {request.Digest.Length}", "digest");
        if (request.Nonce.Length > 32)
            throw RpcErrors.Create(StatusCode.InvalidArgument, "NONCE_TOO_LONG", "the nonce is at most 32 bytes", "nonce");

        byte[] token;
        if (_keys.EmbeddedTsa is { } tsa)
        {
            token = tsa.Issue(request.Digest.Span, algorithm, request.Nonce.Length > 0 ? request.Nonce.ToByteArray() : null, !request.OmitCertificates);
        }
        else
        {
            token = await _keys.TimeStamps.GetTokenAsync(request.Digest.Memory, algorithm, context.CancellationToken);
        }
        var info = TimeStampTokens.Parse(token);
        return new TimestampResponse
        {
            Token = ByteString.CopyFrom(token),
            GenTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(info.GenTime),
            SerialNumber = info.SerialNumberHex,
            Policy = info.PolicyOid,
        };
    }
}
