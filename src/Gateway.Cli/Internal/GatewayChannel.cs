using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto;
using Grpc.Net.Client;

namespace Gateway.Cli.Internal;

/// <summary>An mTLS gRPC channel to the gateway: our client certificate with its chain, the gateway's certificate checked against our roots only.</summary>
public static class GatewayChannel
{
    public static GrpcChannel Create(string address, string certificatePath, string keyPath, TrustStore trust)
    {
        var certificate = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        var chain = new X509Certificate2Collection();
        chain.ImportFromPemFile(certificatePath);
        chain.RemoveAt(0);
        return Create(address, trust, certificate, chain);
    }

    /// <summary>A channel with the given client certificate, or none (health, reflection, and refusal tests).</summary>
    public static GrpcChannel Create(string address, TrustStore trust, X509Certificate2? certificate, X509Certificate2Collection? chain = null)
    {
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            KeepAlivePingDelay = TimeSpan.FromSeconds(60),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificateContext = certificate is null ? null : SslStreamCertificateContext.Create(certificate, chain, offline: true),
                RemoteCertificateValidationCallback = ServerCertificateValidation(trust),
            },
        };
        return GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxReceiveMessageSize = 64 * 1024 * 1024,
            MaxSendMessageSize = 64 * 1024 * 1024,
        });
    }

    /// <summary>The gateway's TLS certificate judged against <paramref name="trust"/> only (also for plain HTTPS clients of the gateway).</summary>
    public static RemoteCertificateValidationCallback ServerCertificateValidation(TrustStore trust) => (_, serverCertificate, presented, errors) =>
        serverCertificate is not null && ValidateServer(new X509Certificate2(serverCertificate), presented, errors, trust);

    private static bool ValidateServer(X509Certificate2 certificate, X509Chain? presented, SslPolicyErrors errors, TrustStore trust)
    {
        // A name mismatch or a missing certificate is never acceptable; an untrusted root is judged below against our roots.
        if ((errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0) return false;
        using var chain = trust.CreateChain(presented?.ChainElements.Select(e => e.Certificate));
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.1"));
        return chain.Build(certificate);
    }
}
