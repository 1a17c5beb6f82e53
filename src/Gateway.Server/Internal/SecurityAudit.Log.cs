using Microsoft.Extensions.Logging;

namespace Gateway.Server.Internal;

internal sealed partial class SecurityAudit
{
    private static partial class Log
    {
        // Event id 100 and the property names are the audit record's format: operators filter and index on them.
        [LoggerMessage(EventId = 100, Message = "audit: {Method} refused {Status} {Reason} agency={Agency} peer={Peer} certificate={CertificateSubject} " +
                                                "issuer={CertificateIssuer} serial={CertificateSerial} sha256={CertificateSha256} condensed={Condensed}")]
        public static partial void Refused(ILogger logger, LogLevel level, string method, string status, string reason, string agency, string peer,
            string certificateSubject, string certificateIssuer, string certificateSerial, string certificateSha256, long condensed);
    }
}
