using Pipeline.Cli.Hosting;

namespace Pipeline.Llm.Tests.Fixtures;

/// <summary>
/// A test class's own in-memory Azurite and scripted chat server, started before each test and stopped after, and the
/// settings of a local host that uses them.
/// </summary>
public abstract class ModelAndStorage : IAsyncLifetime
{
    private Azurite? _azurite;
    private ScriptedChatServer? _model;

    private Azurite Storage => _azurite ?? throw new InvalidOperationException("Not started.");

    protected ScriptedChatServer Model => _model ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        _azurite = await Azurite.StartInMemoryAsync(RepositoryRoot.Find());
        _model = await ScriptedChatServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_model is not null)
        {
            await _model.DisposeAsync();
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }

    /// <summary>A local host on this storage, with no timer-driven digest pass; add the summariser's settings.</summary>
    protected Dictionary<string, string?> HostSettings(string hostIdPrefix) => new()
    {
        ["AzureWebJobsStorage"] = Storage.ConnectionString,
        [LocalPipelineHost.HostIdSetting] = hostIdPrefix + Guid.NewGuid().ToString("N")[..8],
        ["DigestSchedule"] = "0 0 0 1 1 *",
        ["Email:UnsubscribeTokenKey"] = "llm-tests-token-key-0123456789abcdefgh",
    };
}
