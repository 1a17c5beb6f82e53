using Microsoft.Extensions.Logging;

namespace Gateway.Server.Internal;

internal sealed partial class GatewayInterceptor
{
    // Refusals are not logged here: each is one record of the security audit trail (SecurityAudit).
    private static partial class Log
    {
        [LoggerMessage(3, LogLevel.Error, "{Method} failed")]
        public static partial void Failed(ILogger logger, string method, Exception exception);
    }
}
