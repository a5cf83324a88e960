using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pipeline.Cli.Hosting;
using Pipeline.Core.Storage;
using Pipeline.Local;

namespace Pipeline.Cli.Commands;

/// <summary>
/// <c>pipeline bridge</c>: Event Grid for <c>func start</c>. Runs the blob-change feed on the configured storage
/// account (Azurite by default) and posts each new blob version's <c>BlobCreated</c> event to the Functions host's
/// blob webhook, as Event Grid does in Azure, so <c>ParseArticle</c> (an Event Grid blob trigger) fires locally.
/// </summary>
internal sealed class BridgeCommand
{
    /// <summary>The id the Functions host's blob webhook expects in <c>?functionName=</c> for <c>ParseArticle</c>.</summary>
    public const string ParseArticleFunctionId = "Host.Functions.ParseArticle";

    private readonly Option<Uri> _func = new("--func")
    {
        Description = "The Functions host, as `func start` prints it, e.g. http://localhost:7071",
        HelpName = "url",
        Required = true,
        CustomParser = FunctionsHostUrl,
    };

    private readonly Option<int> _interval = new("--interval")
    {
        Description = "How often to list the incoming container, in milliseconds",
        HelpName = "ms",
        DefaultValueFactory = _ => 1000,
        CustomParser = OptionParsers.WholeNumber(1),
    };

    public Command Create()
    {
        var command = new Command("bridge", "Announce new blobs in incoming to a `func start` host's blob webhook (Event Grid, locally). Ctrl+C stops.")
        {
            _func, _interval,
        };
        command.SetAction((result, cancellationToken) => RunAsync(result.GetRequiredValue(_func), result.GetValue(_interval), cancellationToken));
        return command;
    }

    public async Task<int> RunAsync(Uri functionsHost, int interval, CancellationToken cancellationToken)
    {
        using var stores = LocalStorage.Open();
        using var loggers = LoggerFactory.Create(log => log
            .SetMinimumLevel(LogLevel.Information)
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            }));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        Say($"announcing new blobs in {stores.GetRequiredService<IncomingBlobs>().Uri} to {new Uri(functionsHost, "/runtime/webhooks/blobs")}?functionName={ParseArticleFunctionId} every {interval} ms; Ctrl+C stops");
        try
        {
            await RunAsync(stores, http, functionsHost, TimeSpan.FromMilliseconds(interval), loggers, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Say("stopping");
        }

        return 0;
    }

    /// <summary>
    /// Creates what the feed needs and runs it until cancelled, posting to <paramref name="functionsHost"/>. The feed's
    /// durable record makes a restarted bridge announce only blob versions it has not announced before.
    /// </summary>
    /// <param name="stores">Where to find the storage provisioner and the incoming and announced-blob stores.</param>
    public static async Task RunAsync(IServiceProvider stores, HttpClient http, Uri functionsHost, TimeSpan interval, ILoggerFactory loggers, CancellationToken cancellationToken = default)
    {
        await stores.GetRequiredService<StorageProvisioner>().EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var feed = new BlobChangeFeed(
            stores.GetRequiredService<IncomingBlobs>(),
            stores.GetRequiredService<AnnouncedBlobs>(),
            new HttpWebhookSink(http, functionsHost, ParseArticleFunctionId),
            TimeProvider.System,
            loggers.CreateLogger<BlobChangeFeed>());
        await feed.RunAsync(interval, cancellationToken).ConfigureAwait(false);
    }

    private static Uri? FunctionsHostUrl(ArgumentResult result)
    {
        var func = OptionParsers.LastToken(result);
        if (Uri.TryCreate(func, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
        {
            return url;
        }

        result.AddError($"--func takes the Functions host's URL, such as http://localhost:7071, not '{func}'.");
        return null;
    }

    private static void Say(string message) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pipeline: {message}"));
}
