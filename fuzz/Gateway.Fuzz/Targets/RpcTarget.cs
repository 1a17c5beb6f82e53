using System.Diagnostics;
using Gateway.Api.V1;
using Gateway.Server;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;

namespace Gateway.Fuzz.Targets;

/// <summary>
/// <c>rpc</c>: the gateway's gRPC methods, in process. A real gateway (<see cref="GatewayHost"/>, development mode:
/// plaintext HTTP/2, the agency named by a header, no rate limit) serves on loopback for the whole run; an input is
/// one call. Its first byte picks the method (every method of every gateway.v1 service, from the descriptors) and the
/// calling agency; the rest is the request message, or for a client stream its messages, each behind a two-byte
/// big-endian length. What the protobuf decoder refuses is not sent (InvalidProtocolBufferException is its documented
/// refusal); the server decodes the same bytes, runs the interceptors, the checks and the handler. Every status but
/// UNKNOWN and INTERNAL is an answer; those two are what an exception escaping a handler becomes.
/// </summary>
internal sealed class RpcTarget : IFuzzTarget, IDisposable
{
    private static readonly Marshaller<byte[]> Raw = Marshallers.Create<byte[]>(bytes => bytes, bytes => bytes);
    private static readonly string[] Agencies = ["agency-a", "agency-b"];

    private readonly FuzzMaterial _material;
    private readonly MethodDescriptor[] _methods;
    private readonly WebApplication _app;
    private readonly GrpcChannel _channel;
    private readonly CallInvoker _invoker;
    private readonly string _dataDirectory;

    public RpcTarget(FuzzMaterial material)
    {
        _material = material;
        _methods = Methods();
        _dataDirectory = DataDirectory(material);
        _app = GatewayHost.Build(["--Logging:LogLevel:Default=None"], options =>
        {
            options.Listen = "http://127.0.0.1:0";
            options.Development.Insecure = true;
            options.Development.RevocationListen = null;
            options.DataDirectory = _dataDirectory;
            options.PkiDirectory = material.Pki.Directory;
            options.Limits.RequestsPerSecondPerAgency = 0;
        });
        _app.StartAsync().GetAwaiter().GetResult();
        _channel = GrpcChannel.ForAddress(GatewayHost.BoundAddresses(_app).Single(), new GrpcChannelOptions { MaxReceiveMessageSize = null, MaxSendMessageSize = null });
        _invoker = _channel.CreateCallInvoker();
    }

    public string Name => "rpc";

    /// <summary>Every method of the public contract, in a fixed order (a seed's first byte must keep its meaning).</summary>
    private static MethodDescriptor[] Methods() =>
        new[] { ExchangeReflection.Descriptor, SigningReflection.Descriptor, TimestampingReflection.Descriptor, VerificationReflection.Descriptor,
                EvidenceLogReflection.Descriptor, DiagnosticsReflection.Descriptor }
            .SelectMany(file => file.Services).SelectMany(service => service.Methods).ToArray();

    public IEnumerable<Seed> Seeds()
    {
        var permit = File.ReadAllBytes(RepositoryFiles.Path("samples", "permit.pdf"));
        var receipt = File.ReadAllBytes(_material.File("receipt.p7s"));
        var signed = File.ReadAllBytes(_material.File("signed-t.pdf"));
        // One seed per method with an empty request, and meaningful requests for the methods that parse documents.
        foreach (var method in _methods) yield return Call(method.Name, []);
        yield return Call("Submit", new SubmitRequest { RecipientAgency = "agency-b", MediaType = "application/pdf", FileName = "permit.pdf", Content = ByteString.CopyFrom(permit) });
        yield return Call("SubmitStream",
            new SubmitChunk { Header = new SubmitHeader { RecipientAgency = "agency-b", MediaType = "application/pdf", FileName = "permit.pdf", DeclaredSize = permit.Length } },
            new SubmitChunk { Data = ByteString.CopyFrom(permit) });
        yield return Call("VerifyReceipt", new VerifyReceiptRequest { Receipt = ByteString.CopyFrom(receipt) });
        yield return Call("VerifyDocument", new VerifyDocumentRequest { Document = ByteString.CopyFrom(signed) });
        yield return Call("VerifyDocument", new VerifyDocumentRequest { Signature = ByteString.CopyFrom(receipt) });
        yield return Call("VerifyDocument", new VerifyDocumentRequest
        {
            Document = ByteString.CopyFrom(FuzzMaterial.SignedData),
            Signature = ByteString.CopyFrom(File.ReadAllBytes(_material.File("detached.p7s"))),
            ValidationTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(FuzzMaterial.ValidationTime),
        });
        yield return Call("Timestamp", new TimestampRequest { Digest = ByteString.CopyFrom(new byte[32]), HashAlgorithm = "SHA-256" });
        yield return Call("SignPdf", new SignPdfRequest { Pdf = ByteString.CopyFrom(permit) });
        yield return Call("SignPdf", new SignPdfRequest
        {
            Pdf = ByteString.CopyFrom(permit),
            Level = PadesLevel.BT,
            CertifyPermissions = 2,
            Reason = "อนุมัติ",
            Appearance = new SignatureAppearance { Page = 1, X = 20, Y = 20, Width = 200, Height = 60, VerificationUrl = "https://gateway.example.go.th/v/1" },
            ServiceId = "demo.permit",
            RequestKind = RequestKind.Permit,
            Claims = { new MethodClaim { Step = "identity_proofing", Method = "digital-id:dga", Level = MethodLevel.Standard } },
        });
        yield return Call("Submit", new SubmitRequest
        {
            RecipientAgency = "agency-b", MediaType = "application/pdf", FileName = "signed.pdf", Content = ByteString.CopyFrom(signed),
            IdempotencyKey = "fuzz-1", ServiceId = "demo.permit", RequestKind = RequestKind.Permit, Subject = "ใบอนุญาต",
            Claims = { new MethodClaim { Step = "identity_proofing", Method = "digital-id:dga", Level = MethodLevel.Standard, Detail = "IAL2.3" } },
        });
        yield return Call("SignDetached", new SignDetachedRequest { Content = ByteString.CopyFrom(permit) });
        yield return Call("GetInclusionProof", new GetInclusionProofRequest { LeafIndex = 0 });
        yield return Call("GetConsistencyProof", new GetConsistencyProofRequest { FirstSize = 1, SecondSize = 2 });
        foreach (var regression in SeedSource.Regressions("*.rpc")) yield return regression;
    }

    private Seed Call(string method, params IMessage[] messages)
    {
        var index = Array.FindIndex(_methods, m => m.Name == method);
        var body = new MemoryStream();
        body.WriteByte((byte)index);
        var streaming = _methods[index].IsClientStreaming;
        foreach (var message in messages)
        {
            var bytes = message.ToByteArray();
            if (streaming) body.Write([(byte)(bytes.Length >> 8), (byte)bytes.Length]);
            body.Write(bytes);
        }
        return new Seed($"{method}-{messages.Length}-{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body.ToArray()))[..8]}", body.ToArray());
    }

    public void Run(byte[] input)
    {
        if (input.Length == 0) return;
        var method = _methods[input[0] % _methods.Length];
        var agency = Agencies[input[0] / _methods.Length % Agencies.Length];
        List<byte[]> requests = method.IsClientStreaming ? Frames(input.AsSpan(1)) : [input[1..]];
        for (var i = 0; i < requests.Count; i++)
        {
            if (Decode(method.InputType, requests[i]) is not { } message) return;
            // A long-lived inbox stream is the method's purpose, not a hang: ask for the batch-job form.
            if (method.InputType.FindFieldByName("stop_when_empty") is { } stop)
            {
                stop.Accessor.SetValue(message, true);
                requests[i] = message.ToByteArray();
            }
        }

        var call = new Method<byte[], byte[]>(Kind(method), method.Service.FullName, method.Name, Raw, Raw);
        var options = new CallOptions(new Metadata { { "x-gateway-agency", agency } }, DateTime.UtcNow.AddMinutes(1));
        try
        {
            Invoke(call, options, requests).GetAwaiter().GetResult();
        }
        catch (RpcException e) when (e.StatusCode is not (StatusCode.Unknown or StatusCode.Internal))
        {
        }
        catch (RpcException e)
        {
            throw new FuzzBug($"{method.FullName} as {agency} answered {e.StatusCode} ({e.Status.Detail}): a handler threw", e);
        }
    }

    private async Task Invoke(Method<byte[], byte[]> call, CallOptions options, List<byte[]> requests)
    {
        switch (call.Type)
        {
            case MethodType.Unary:
                await _invoker.AsyncUnaryCall(call, null, options, requests[0]).ResponseAsync;
                break;
            case MethodType.ServerStreaming:
                using (var server = _invoker.AsyncServerStreamingCall(call, null, options, requests[0]))
                    while (await server.ResponseStream.MoveNext(CancellationToken.None)) { }
                break;
            case MethodType.ClientStreaming:
                using (var client = _invoker.AsyncClientStreamingCall(call, null, options))
                {
                    await Send(client.RequestStream, requests);
                    await client.ResponseAsync;
                }
                break;
            default:
                using (var duplex = _invoker.AsyncDuplexStreamingCall(call, null, options))
                {
                    await Send(duplex.RequestStream, requests);
                    while (await duplex.ResponseStream.MoveNext(CancellationToken.None)) { }
                }
                break;
        }
    }

    /// <summary>Sends what the server still reads; a server that already answered (a refusal) ends the stream early, which is fine.</summary>
    private static async Task Send(IClientStreamWriter<byte[]> stream, List<byte[]> requests)
    {
        try
        {
            foreach (var request in requests) await stream.WriteAsync(request);
            await stream.CompleteAsync();
        }
        catch (RpcException)
        {
        }
        catch (InvalidOperationException)
        {
            // "Can't write the message because the call is complete": the status comes with the response.
        }
    }

    private static IMessage? Decode(MessageDescriptor type, byte[] bytes)
    {
        try
        {
            return type.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }

    private static MethodType Kind(MethodDescriptor method) => (method.IsClientStreaming, method.IsServerStreaming) switch
    {
        (false, false) => MethodType.Unary,
        (false, true) => MethodType.ServerStreaming,
        (true, false) => MethodType.ClientStreaming,
        _ => MethodType.DuplexStreaming,
    };

    /// <summary>Messages behind two-byte big-endian lengths; what is left after the last whole frame is one more message.</summary>
    private static List<byte[]> Frames(ReadOnlySpan<byte> body)
    {
        var frames = new List<byte[]>();
        while (body.Length >= 2)
        {
            var length = Math.Min(body[0] << 8 | body[1], body.Length - 2);
            frames.Add(body.Slice(2, length).ToArray());
            body = body[(2 + length)..];
        }
        if (!body.IsEmpty) frames.Add(body.ToArray());
        return frames;
    }

    /// <summary>A data folder per process; those of processes that have ended (AFL kills a hung harness) are removed.</summary>
    private static string DataDirectory(FuzzMaterial material)
    {
        var parent = Directory.CreateDirectory(material.File("rpc-data"));
        foreach (var stale in parent.EnumerateDirectories())
        {
            if (int.TryParse(stale.Name, out var pid) && !Alive(pid))
            {
                try
                {
                    stale.Delete(recursive: true);
                }
                catch (IOException)
                {
                }
            }
        }
        return Path.Combine(parent.FullName, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static bool Alive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _channel.Dispose();
        _app.StopAsync().GetAwaiter().GetResult();
        ((IDisposable)_app).Dispose();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
