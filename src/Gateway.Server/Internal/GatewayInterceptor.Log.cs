using Microsoft.Extensions.Logging;

namespace Gateway.Server.Internal;

internal sealed partial class GatewayInterceptor
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "{Method} refused: {Reason}")]
        public static partial void Refused(ILogger logger, string method, string reason);

        [LoggerMessage(2, LogLevel.Warning, "{Method} denied: {Detail}")]
        public static partial void Denied(ILogger logger, string method, string detail);

        [LoggerMessage(3, LogLevel.Error, "{Method} failed")]
        public static partial void Failed(ILogger logger, string method, Exception exception);

        // Debug: an agency hammering the gateway must not also flood its log; the refusal is in the agency's status.
        [LoggerMessage(4, LogLevel.Debug, "{Method} throttled: {Detail}")]
        public static partial void Throttled(ILogger logger, string method, string detail);
    }
}
