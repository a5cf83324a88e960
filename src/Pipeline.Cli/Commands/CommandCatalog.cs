using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Pipeline.Cli.Commands;

/// <summary>
/// The <c>pipeline</c> command line: its verbs, <c>--help</c>, <c>--version</c> and the <c>[suggest]</c> directive
/// (System.CommandLine), and the exit codes: 0 ok, 1 failure, 2 usage error, 130 stopped by Ctrl+C or SIGTERM.
/// </summary>
internal static class CommandCatalog
{
    public const int UsageError = 2;
    public const int Interrupted = 130;

    /// <summary>The informational version of the CLI assembly, as <c>--version</c> prints it.</summary>
    public static string Version { get; } =
        typeof(CommandCatalog).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(CommandCatalog).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    public static RootCommand CreateRoot()
    {
        var root = new RootCommand(
            string.Join(
                Environment.NewLine,
                "Run the summarisation and alert pipeline locally, manage its subscribers and quarantine, and measure its quality.",
                "Verbs that read storage use AzureWebJobsStorage (and IncomingContainer), or Azurite on its default ports.",
                "Exit codes: 0 ok, 1 failure, 2 usage error, 130 stopped (Ctrl+C or SIGTERM)."))
        {
            new UpCommand().Create(),
            new DropCommand().Create(),
            new StatusCommand().Create(),
            new SubscribersCommand().Create(),
            new RequeueCommand().Create(),
            new BridgeCommand().Create(),
            new BenchCommand().Create(),
            new Command("eval", "Measure quality on public data sets: extraction, summaries, keywords, duplicates.")
            {
                new EvalExtractCommand().Create(),
                new EvalSummariesCommand().Create(),
                new EvalKeywordsCommand().Create(),
                new EvalDuplicatesCommand().Create(),
            },
        };
        root.HelpName = "pipeline";
        foreach (var version in root.Options.OfType<VersionOption>())
        {
            // The default prints the entry assembly's version, which is the test host's when invoked in-process.
            version.Action = new PrintVersion();
        }

        // No verb: the list of verbs, as `--help` shows it.
        var help = root.Options.OfType<HelpOption>().Single();
        root.SetAction(result => help.Action is SynchronousCommandLineAction print ? print.Invoke(result) : 0);
        return root;
    }

    /// <summary>Runs the command line with Ctrl+C and SIGTERM wired to cancellation.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };

        // SIGTERM (a service manager, `kill`) stops as cleanly as Ctrl+C: Azurite is stopped and saves its data.
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            cancellation.Cancel();
        });

        return await InvokeAsync(args, new InvocationConfiguration(), cancellation.Token).ConfigureAwait(false);
    }

    /// <summary>Parses and runs <paramref name="args"/>, writing help, version and errors to <paramref name="configuration"/>'s writers.</summary>
    public static async Task<int> InvokeAsync(IReadOnlyList<string> args, InvocationConfiguration configuration, CancellationToken cancellationToken = default)
    {
        // Signals are ours (RunAsync), not System.CommandLine's: its handler stops waiting for the verb after a timeout
        // and exits, which would leave Azurite running without saving. Exceptions are ours too, for exit codes 2 and 130.
        configuration.ProcessTerminationTimeout = null;
        configuration.EnableDefaultExceptionHandler = false;
        var parsed = CreateRoot().Parse(args);
        try
        {
            var exitCode = await parsed.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);

            // System.CommandLine returns 1 after printing parse errors; ours is the conventional 2.
            return parsed.Action is ParseErrorAction ? UsageError : exitCode;
        }
        catch (CommandLineException ex)
        {
            await configuration.Error.WriteLineAsync($"{Path(parsed.CommandResult)}: {ex.Message}").ConfigureAwait(false);
            return UsageError;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Interrupted;
        }
        catch (Exception ex) when (Pipeline.Core.Reliability.StorageFailures.IsUnavailable(ex))
        {
            // Azurite stopped or a storage call timed out after its retries: say so, without a stack trace.
            await configuration.Error.WriteLineAsync($"{Path(parsed.CommandResult)}: storage is not answering ({Pipeline.Core.Reliability.StorageFailures.Describe(ex)}); is Azurite running?").ConfigureAwait(false);
            return 1;
        }
    }

    /// <summary>"pipeline eval summaries" for the eval summaries verb.</summary>
    private static string Path(CommandResult command)
    {
        var names = new List<string>();
        for (SymbolResult? result = command; result is CommandResult { Command: var c }; result = result.Parent)
        {
            names.Insert(0, c is RootCommand ? "pipeline" : c.Name);
        }

        return string.Join(' ', names);
    }

    private sealed class PrintVersion : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine(Version);
            return 0;
        }
    }
}
