namespace Pipeline.IntegrationTests.Fixtures;

[CollectionDefinition(Name)]
public sealed class PipelineCollection : ICollectionFixture<AzuriteFixture>, ICollectionFixture<Smtp4devFixture>
{
    public const string Name = "pipeline";
}

[CollectionDefinition(Name)]
public sealed class BurstCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "burst";
}

/// <summary>Fault tests: the pipeline as a child process, killed and restarted, on an Azurite of their own.</summary>
[CollectionDefinition(Name)]
public sealed class FaultCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "fault";
}

/// <summary>The stores on their own, each test on its own Guid-suffixed containers, queue and tables.</summary>
[CollectionDefinition(Name)]
public sealed class StorageCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "storage";
}

internal static class Eventually
{
    /// <summary>Polls until the condition holds; fails the test with <paramref name="what"/> when time runs out.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {timeout.TotalSeconds:0} s waiting for: {what}");
            }

            await Task.Delay(200);
        }
    }
}
