using System.Runtime.InteropServices;

namespace Pipeline.Cli.Commands;

/// <summary>Finds the verb in the arguments and runs it, with Ctrl+C wired to cancellation.</summary>
internal static class CommandCatalog
{
    private static ICommand[] Commands =>
    [
        new UpCommand(),
        new DropCommand(),
        new StatusCommand(),
        new SubscribersCommand(),
        new RequeueCommand(),
        new BridgeCommand(),
        new EvalExtractCommand(),
        new EvalSummariesCommand(),
        new EvalKeywordsCommand(),
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var commands = Commands;
        var match = commands
            .Where(c => c.Name.Split(' ').SequenceEqual(args.Take(c.Name.Split(' ').Length)))
            .MaxBy(c => c.Name.Length);
        if (match is null)
        {
            PrintVerbs(commands, args.Length == 0 || args[0] is "--help" or "-h" ? Console.Out : Console.Error);
            return args.Length == 0 || args[0] is "--help" or "-h" ? 0 : 2;
        }

        var rest = args.Skip(match.Name.Split(' ').Length).ToArray();
        if (rest.Contains("--help") || rest.Contains("-h"))
        {
            await Console.Out.WriteLineAsync($"pipeline {match.Name}: {match.Summary}{Environment.NewLine}{match.Usage}");
            return 0;
        }

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

        try
        {
            return await match.RunAsync(CommandLine.Parse(rest, Switches(match.Usage)), cancellation.Token);
        }
        catch (CommandLineException ex)
        {
            await Console.Error.WriteLineAsync($"pipeline {match.Name}: {ex.Message}{Environment.NewLine}{match.Usage}");
            return 2;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return 130;
        }
    }

    /// <summary>Switches are the usage lines' options that take no value: "--once   Exit when ..." (no &lt;value&gt; after the name).</summary>
    private static string[] Switches(string usage) =>
        usage.Split('\n')
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(w => w.Length > 0 && w[0].StartsWith("--", StringComparison.Ordinal) && (w.Length == 1 || !w[1].StartsWith('<')))
            .Select(w => w[0][2..])
            .ToArray();

    private static void PrintVerbs(IEnumerable<ICommand> commands, TextWriter writer)
    {
        writer.WriteLine("usage: pipeline <verb> [options]   (pipeline <verb> --help for a verb's options)");
        foreach (var command in commands)
        {
            writer.WriteLine($"  {command.Name,-18} {command.Summary}");
        }
    }
}
