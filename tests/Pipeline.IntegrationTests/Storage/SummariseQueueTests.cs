using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Pipeline.Core.Storage;
using Pipeline.IntegrationTests.Fixtures;

namespace Pipeline.IntegrationTests.Storage;

[Collection(StorageCollection.Name)]
public sealed class SummariseQueueTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task EnqueueAsync_OneArticle_LeavesOneMessageTheQueueTriggerReads()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        var queue = stores.GetRequiredService<SummariseQueue>();

        await queue.EnqueueAsync("a1");

        Assert.Equal(1, await queue.CountAsync());
        // The trigger binds the message body as camelCase JSON; read it the way the trigger does.
        var name = stores.GetRequiredService<IOptions<StorageOptions>>().Value.SummariseQueue;
        var peeked = await stores.GetRequiredService<StorageClients>().Queues.GetQueueClient(name).PeekMessageAsync();
        using var body = JsonDocument.Parse(peeked.Value.Body);
        Assert.Equal("a1", body.RootElement.GetProperty("articleId").GetString());
        Assert.Equal("a1", peeked.Value.Body.ToObjectFromJson<SummariseMessage>(StorageJson.Options)!.ArticleId);
    }

    [Fact]
    public async Task CountFailedAsync_NothingEverFailed_ReturnsZero()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        var queue = stores.GetRequiredService<SummariseQueue>();

        await queue.EnqueueAsync("a1");

        Assert.Equal(0, await queue.CountFailedAsync());
    }
}
