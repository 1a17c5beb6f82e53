using System.Net;

namespace Gateway.Testing;

/// <summary>
/// A tiny HTTP server on 127.0.0.1 for tests (revocation URLs, responders). The handler sees each request and
/// returns the reply, or null to drop the connection without an answer (a server that went away mid-request).
/// </summary>
public sealed class LoopbackHttpServer : IDisposable
{
    public sealed record Request(string Method, string Path, string? ContentType, byte[] Body);

    public sealed record Reply(int Status, string? ContentType, byte[] Body)
    {
        public static Reply NotFound { get; } = new(404, "text/plain", "not found"u8.ToArray());
    }

    private readonly HttpListener _listener = new();
    private readonly Func<Request, Task<Reply?>> _handler;
    private readonly Task _loop;
    private int _requestCount;

    public LoopbackHttpServer(Func<Request, Task<Reply?>> handler, int? port = null)
    {
        _handler = handler;
        Port = port ?? LoopbackPort.Free();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public LoopbackHttpServer(Func<Request, Reply?> handler, int? port = null)
        : this(r => Task.FromResult(handler(r)), port)
    {
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public int RequestCount => Volatile.Read(ref _requestCount);

    /// <summary>"GET /crl/issuing.crl"-style lines, in arrival order.</summary>
    public List<string> Log { get; } = [];

    /// <summary>Serves the files under <paramref name="root"/> for GET (path relative to the root; no "..").</summary>
    public static Reply? File(string root, Request request, string contentType)
    {
        var relative = request.Path.TrimStart('/');
        var full = System.IO.Path.GetFullPath(System.IO.Path.Combine(root, relative));
        if (request.Method != "GET" || relative.Contains("..", StringComparison.Ordinal) || !System.IO.File.Exists(full))
        {
            return Reply.NotFound;
        }

        return new Reply(200, contentType, System.IO.File.ReadAllBytes(full));
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        Interlocked.Increment(ref _requestCount);
        try
        {
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var path = context.Request.Url?.AbsolutePath ?? "/";
            lock (Log)
            {
                Log.Add($"{context.Request.HttpMethod} {path}");
            }

            var reply = await _handler(new Request(context.Request.HttpMethod, path, context.Request.ContentType, body.ToArray()));
            if (reply is null)
            {
                context.Response.Abort();
                return;
            }

            context.Response.StatusCode = reply.Status;
            if (reply.ContentType is not null)
            {
                context.Response.ContentType = reply.ContentType;
            }

            context.Response.ContentLength64 = reply.Body.Length;
            await context.Response.OutputStream.WriteAsync(reply.Body);
            context.Response.Close();
        }
        catch (Exception)
        {
            try
            {
                context.Response.StatusCode = 500;
                context.Response.Close();
            }
            catch (Exception)
            {
                context.Response.Abort();
            }
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
