using Pipeline.Cli.Hosting;

namespace Pipeline.IntegrationTests.Fixtures;

/// <summary>A fresh in-memory Azurite on free ports, from the checkout's pinned npm package (installed if missing).</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private Azurite? _azurite;

    public string ConnectionString => _azurite?.ConnectionString ?? throw new InvalidOperationException("Azurite has not started.");

    public async Task InitializeAsync() => _azurite = await Azurite.StartInMemoryAsync(RepositoryRoot.Find());

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}
