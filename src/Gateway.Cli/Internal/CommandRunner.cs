using System.Security.Cryptography;
using Gateway.Api.V1;
using Google.Rpc;
using Grpc.Core;

namespace Gateway.Cli.Internal;

/// <summary>Runs a command body and turns the ways it can fail into a message and an exit code.</summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(CliConsole console, Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (CliUsageException e)
        {
            await console.Error.WriteLineAsync("gw: " + e.Message);
            return GwCommand.Usage;
        }
        catch (RpcException e)
        {
            await console.Error.WriteLineAsync(Describe(e));
            return GwCommand.Failed;
        }
        catch (Signing.PadesException e)
        {
            await console.Error.WriteLineAsync($"gw: {e.Reason}: {e.Message}");
            return GwCommand.Failed;
        }
        catch (Pdf.PdfFormatException e)
        {
            await console.Error.WriteLineAsync($"gw: {Signing.PadesException.NotAPdf}: the PDF cannot be read: {e.Message}");
            return GwCommand.Failed;
        }
        catch (Crypto.TimeStampException e)
        {
            await console.Error.WriteLineAsync($"gw: {e.Reason}: {e.Message}");
            return GwCommand.Failed;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or InvalidDataException or HttpRequestException)
        {
            await console.Error.WriteLineAsync("gw: " + e.Message);
            return GwCommand.Failed;
        }
    }

    /// <summary>"INVALID_ARGUMENT CONTENT_EMPTY (content): the document is empty".</summary>
    public static string Describe(RpcException e)
    {
        var status = e.GetRpcStatus();
        var reason = status?.GetDetail<ErrorInfo>()?.Reason;
        var field = status?.GetDetail<BadRequest>()?.FieldViolations.FirstOrDefault()?.Field;
        var code = e.StatusCode.ToString();
        return $"gw: {code}{(reason is null ? "" : " " + reason)}{(field is null ? "" : $" ({field})")}: {status?.Message ?? e.Status.Detail}";
    }

    /// <summary>The signed SubmissionRejection receipt the gateway attaches to a refused submission, if any.</summary>
    public static Api.V1.Receipt? RejectionReceipt(RpcException e) => e.GetRpcStatus()?.GetDetail<Api.V1.Receipt>();
}
