using Gateway.Crypto;
using Gateway.Testing;

namespace Gateway.Integration.Tests;

/// <summary>Tests whose gateways are their own: each test gets a fresh development PKI in a temporary folder, deleted after it.</summary>
public abstract class OwnPkiTests(string folderPrefix) : IAsyncLifetime
{
    protected TempFolder Folder { get; } = new(folderPrefix);

    protected DevPkiLayout Pki { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Pki = DevPki.Create(Folder.File("pki"));
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Folder.Dispose();
        return Task.CompletedTask;
    }
}
