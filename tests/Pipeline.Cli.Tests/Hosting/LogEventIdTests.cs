using System.Reflection;
using Microsoft.Extensions.Logging;
using Pipeline.Cli.Hosting;

namespace Pipeline.Cli.Tests.Hosting;

/// <summary>One log event id names one event: an operator filtering or alerting on an id gets only that event.</summary>
public sealed class LogEventIdTests
{
    [Fact]
    public void LoggerMessages_InThePipelinesAssemblies_EachHaveTheirOwnEventId()
    {
        Assembly[] assemblies =
        [
            typeof(Pipeline.Core.Ingestion.ArticleIngestor).Assembly,
            typeof(Pipeline.Local.BlobChangeFeed).Assembly,
            typeof(RecoveringLockManager).Assembly,
        ];

        var events = assemblies
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Select(m => (Method: $"{m.DeclaringType!.FullName}.{m.Name}", Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(e => e.Attribute is not null)
            .ToList();

        Assert.True(events.Count >= 40, $"found only {events.Count} logger messages");
        var shared = events.GroupBy(e => e.Attribute!.EventId).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(e => e.Method))}")
            .ToList();
        Assert.True(shared.Count == 0, "event ids used twice: " + string.Join("; ", shared));
    }
}
