using System.CommandLine;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Pipeline.Cli.Hosting;
using Pipeline.Core;
using Pipeline.Core.Delivery;
using Pipeline.Core.Reliability;
using Pipeline.Core.Storage;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline up</c>: Azurite, storage, seeds, the three functions and the blob-change feed, locally.</summary>
internal sealed class UpCommand
{
    private readonly Option<bool> _once = new("--once") { Description = "Exit when every blob in incoming is processed and one digest pass has run" };
    private readonly Option<bool> _noSeed = new("--no-seed") { Description = "Do not load seeds/ (sample articles and subscribers)" };

    private readonly Option<int> _timeout = new("--timeout")
    {
        Description = "With --once, give up after this long",
        HelpName = "seconds",
        DefaultValueFactory = _ => 600,
        CustomParser = OptionParsers.WholeNumber(1),
    };

    private readonly Option<bool> _telemetry = new("--telemetry") { Description = "Also print traces and metrics (OpenTelemetry) to the console" };

    public Command Create()
    {
        var command = new Command("up", "Run the whole pipeline locally against Azurite (started if none is listening).") { _once, _noSeed, _timeout, _telemetry };
        command.SetAction((result, cancellationToken) => RunAsync(
            result.GetValue(_once), result.GetValue(_noSeed), result.GetValue(_timeout), result.GetValue(_telemetry), cancellationToken));
        return command;
    }

    public async Task<int> RunAsync(bool once, bool noSeed, int timeoutSeconds, bool telemetry, CancellationToken cancellationToken)
    {
        var root = RepositoryRoot.Find();
        var timeout = TimeSpan.FromSeconds(timeoutSeconds);

        await using var azurite = LocalStorage.ConfiguredConnection is null
            ? await Azurite.UseOrStartAsync(root, Path.Combine(root, ".azurite"), cancellationToken: cancellationToken).ConfigureAwait(false)
            : null;
        var connection = LocalStorage.ConfiguredConnection ?? azurite!.ConnectionString;
        Say(azurite is null ? "storage: AzureWebJobsStorage from the environment"
            : azurite.Started ? $"azurite: started on 127.0.0.1:{azurite.BlobPort}-{azurite.TablePort} (data in .azurite/)"
            : $"azurite: using the one already listening on 127.0.0.1:{azurite.BlobPort}");

        var settings = new Dictionary<string, string?> { [StorageOptions.ConnectionName] = connection };
        var port = LocalSettings(settings, Path.Combine(root, ".azurite"));
        await using var host = LocalPipelineHost.Create(
            settings,
            // One line per entry; a storage outage without the stack trace of every failed function run.
            log => log.AddConsole(o => o.FormatterName = PipelineConsoleFormatter.FormatterName)
                .AddConsoleFormatter<PipelineConsoleFormatter, ConsoleFormatterOptions>(),
            services =>
            {
                if (telemetry)
                {
                    services.AddOpenTelemetry()
                        .WithTracing(tracing => tracing.AddSource(PipelineTelemetry.Name).AddConsoleExporter())
                        .WithMetrics(metrics => metrics.AddMeter(PipelineTelemetry.Name).AddConsoleExporter());
                }
            });
        await host.Services.GetRequiredService<StorageProvisioner>().EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var summaries = host.Services.GetRequiredService<SummaryStore>();
        var deliveries = host.Services.GetRequiredService<DeliveryLedger>();
        if (!noSeed)
        {
            var (articles, subscribers) = await Seeds.LoadAsync(
                host.Services.GetRequiredService<SubscriberStore>(), host.Services.GetRequiredService<IncomingBlobs>(), Path.Combine(root, "seeds"), cancellationToken).ConfigureAwait(false);
            Say($"seeds: {articles} new article file(s) dropped, {subscribers} subscriber(s) loaded");
        }

        var summariesBefore = (await summaries.ListIdsAsync(cancellationToken).ConfigureAwait(false)).Count;
        var digestsBefore = (await deliveries.ListAsync(cancellationToken).ConfigureAwait(false)).Count;
        await host.StartAsync(TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false);
        await using var http = StartHttp(host.Services, port);
        Say($"http: subscribe, confirm, unsubscribe, manage and web copies on {http.Url}api/ (links in emails use {host.Services.GetRequiredService<IOptions<EmailOptions>>().Value.PublicBaseUrl})");
        var outbox = host.Services.GetService<IEmailSender>() is OutboxEmailSender o ? o.OutboxPath : null;
        Say("functions: ParseArticle (blob, via the blob-change feed), SummariseArticle (queue), SendDigests (timer), SendDigest (digests queue) are running");
        if (outbox is not null)
        {
            Say($"email: digests are written to {outbox}");
        }

        if (!once)
        {
            Say("running; drop files with `dotnet run --project src/Pipeline.Cli -- drop <file>`; Ctrl+C stops");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Say("stopping");
            }

            return 0;
        }

        try
        {
            var progress = await host.WaitUntilIdleAsync(timeout, p => Say($"progress: {p}"), cancellationToken, note => Say(note)).ConfigureAwait(false);
            try
            {
                await host.RunDigestPassAsync(timeout, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException ex)
            {
                // Not storage: shards still waiting after --timeout (a slow mail server, say). Their claims keep them to one digest.
                Say($"digests: {ex.Message} Run `pipeline up --once` again to send the rest; `pipeline status` lists the deliveries.");
                return 1;
            }

            var summarised = (await summaries.ListIdsAsync(cancellationToken).ConfigureAwait(false)).Count - summariesBefore;
            var sent = (await deliveries.ListAsync(cancellationToken).ConfigureAwait(false)).Count - digestsBefore;
            await StatusReport.WriteAsync(host.Services, Console.Out, cancellationToken).ConfigureAwait(false);
            Say($"this run: {summarised} article(s) summarised, {sent} digest(s) sent");
            return progress.FailedBlobs + progress.FailedSummaries > 0 ? 1 : 0;
        }
        catch (PipelineStuckException stuck)
        {
            Say($"gave up after {timeoutSeconds} s (--timeout): " + (stuck.Outage is not null ? $"storage is not answering ({stuck.Outage})" : stuck.Progress?.ToString() ?? "no progress read"));
            Say($"stuck: {stuck.Stuck.Count} item(s)");
            foreach (var finding in stuck.Stuck.Take(50))
            {
                Say($"  {finding.Area} {finding.Item}: {finding.State}: {finding.Detail}");
            }

            Say("run `pipeline up --once` again to resume, and `pipeline status --verify` to account for every item");
            return 1;
        }
    }

    /// <summary>
    /// The HTTP port (<c>Local:HttpPort</c>), and the settings that go with it: links point at it unless
    /// <c>Email:PublicBaseUrl</c> says otherwise, and without <c>Email:UnsubscribeTokenKey</c> a key kept in
    /// <paramref name="stateFolder"/> signs them.
    /// </summary>
    private static int LocalSettings(Dictionary<string, string?> settings, string stateFolder)
    {
        var configuration = LocalStorage.AddLayers(new ConfigurationBuilder(), settings).Build();
        var text = configuration[LocalHttpEndpoint.PortSetting];
        var port = LocalHttpEndpoint.DefaultPort;
        if (text is not null && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            throw new CommandLineException($"{LocalHttpEndpoint.PortSetting}: '{text}' is not a port (1-65535).");
        }

        if (string.IsNullOrEmpty(configuration[$"{EmailOptions.Section}:{nameof(EmailOptions.PublicBaseUrl)}"]))
        {
            settings[$"{EmailOptions.Section}:{nameof(EmailOptions.PublicBaseUrl)}"] = $"http://localhost:{port.ToString(CultureInfo.InvariantCulture)}";
        }

        if (string.IsNullOrEmpty(configuration[$"{EmailOptions.Section}:{nameof(EmailOptions.UnsubscribeTokenKey)}"]))
        {
            settings[$"{EmailOptions.Section}:{nameof(EmailOptions.UnsubscribeTokenKey)}"] = LocalTokenKey.LoadOrCreate(stateFolder, out var created);
            Say(created
                ? $"email: no Email:UnsubscribeTokenKey set; made a random one for local links and kept it in {Path.Combine(stateFolder, LocalTokenKey.FileName)}"
                : $"email: no Email:UnsubscribeTokenKey set; local links are signed with the key kept in {Path.Combine(stateFolder, LocalTokenKey.FileName)}");
        }

        return port;
    }

    private static LocalHttpEndpoint StartHttp(IServiceProvider services, int port)
    {
        try
        {
            return LocalHttpEndpoint.Start(services, port);
        }
        catch (HttpListenerException ex)
        {
            throw new CommandLineException($"http: cannot listen on port {port.ToString(CultureInfo.InvariantCulture)} ({ex.Message}); is another `pipeline up` running? Set {LocalHttpEndpoint.PortSetting} (environment: Local__HttpPort) and Email:PublicBaseUrl to use another port.");
        }
    }

    private static void Say(string message) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pipeline: {message}"));
}
