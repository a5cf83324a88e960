using System.CommandLine;
using Pipeline.Cli.Commands;

namespace Pipeline.Cli.Tests.Commands;

/// <summary>The whole command line, invoked in-process: only parsing, help and version, so nothing needs storage.</summary>
public sealed class CommandCatalogTests
{
    public static TheoryData<string, string[]> VerbOptions => new()
    {
        { "up", ["--once", "--no-seed", "--timeout <seconds>", "--telemetry"] },
        { "drop", ["<file-or-folder>"] },
        { "status", ["--verify", "--json"] },
        { "subscribers", ["--add <email>", "--query <query>", "--frequency <f>", "--remove <email>", "alerts", "import", "export"] },
        { "subscribers alerts add", ["<email>", "--name <name>", "--query <query>", "--frequency <f>"] },
        { "subscribers alerts remove", ["<email>", "<alert>"] },
        { "subscribers alerts list", ["<email>"] },
        { "subscribers import", ["<file.json>"] },
        { "subscribers export", [] },
        { "requeue", ["<name>", "--all", "--reason <code>", "--poisoned"] },
        { "bridge", ["--func <url>", "--interval <ms>"] },
        { "eval extract", ["--pages <dir>", "--snippets <dir>", "--folds <k>", "--study", "--json", "--out <dir>"] },
        { "eval summaries", ["--data <pairs.jsonl>", "--sentences <n>", "--out <file.jsonl>", "--folds <k>"] },
        { "eval keywords", ["--data <docs.jsonl>", "--out <file.jsonl>"] },
        { "eval duplicates", ["--data <bbc.jsonl>", "--labels <labels.tsv>", "--folds <k>", "--random-pairs <n>"] },
    };

    [Theory]
    [MemberData(nameof(VerbOptions))]
    public async Task InvokeAsync_VerbHelp_ListsEveryOption(string verb, string[] options)
    {
        var run = await RunAsync([.. verb.Split(' '), "--help"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"pipeline {verb}", run.Output, StringComparison.Ordinal);
        foreach (var option in options.Append("--help"))
        {
            Assert.Contains(option, run.Output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("--help")]
    [InlineData()]
    public async Task InvokeAsync_RootHelpOrNoVerb_ListsEveryVerbAndTheExitCodes(params string[] args)
    {
        var run = await RunAsync(args);

        Assert.Equal(0, run.ExitCode);
        foreach (var verb in new[] { "up", "drop", "status", "subscribers", "requeue", "bridge", "eval", "--version" })
        {
            Assert.Contains(verb, run.Output, StringComparison.Ordinal);
        }

        Assert.Contains("2 usage error", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_Version_PrintsTheInformationalVersion()
    {
        var run = await RunAsync(["--version"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(CommandCatalog.Version, run.Output.Trim());
        Assert.Matches(@"^\d+\.\d+\.\d+", run.Output);
    }

    [Theory]
    [InlineData("up --bogus", "Unrecognized command or argument '--bogus'")]
    [InlineData("eval summaries --data x.jsonl --sentence 3", "Unrecognized command or argument '--sentence'")]
    [InlineData("frobnicate", "Unrecognized command or argument 'frobnicate'")]
    [InlineData("up --timeout abc", "--timeout takes a whole number of at least 1, not 'abc'")]
    [InlineData("up --timeout 0", "--timeout takes a whole number of at least 1, not '0'")]
    [InlineData("bridge --func http://localhost:7071 --interval 1.5", "--interval takes a whole number")]
    [InlineData("eval summaries --data x.jsonl --sentences 21", "--sentences takes a whole number from 1 to 20, not '21'")]
    [InlineData("eval summaries --data x.jsonl --folds 1", "--folds takes a whole number from 2 to 20, not '1'")]
    [InlineData("bridge", "Option '--func' is required")]
    [InlineData("bridge --func localhost:7071", "--func takes the Functions host's URL")]
    [InlineData("eval", "Required command was not provided")]
    [InlineData("eval keywords", "Option '--data' is required")]
    [InlineData("eval keywords --data no/such/docs.jsonl", "no/such/docs.jsonl")]
    [InlineData("eval extract --pages no/such/folder", "no/such/folder")]
    [InlineData("eval extract --pages . --folds 5", "--folds, --study and --texts apply to --snippets only.")]
    [InlineData("eval extract --snippets . --study --texts .", "--study measures our rules; --texts scores another extractor's output. Give one.")]
    [InlineData("eval extract --snippets . --folds 1", "--folds takes a whole number from 2 to 20, not '1'")]
    [InlineData("eval duplicates --labels x.tsv", "Option '--data' is required")]
    [InlineData("eval duplicates --data no/such/bbc.jsonl --labels x.tsv", "no/such/bbc.jsonl")]
    [InlineData("drop", "file-or-folder")]
    [InlineData("drop no/such/file.txt", "No such file or folder: no/such/file.txt")]
    [InlineData("requeue", "Name the quarantined files to requeue, or use --all, --reason <code> or --poisoned.")]
    [InlineData("requeue --reason too_large", "too-large")]
    [InlineData("subscribers --add reader@example.com", "--add needs --query <query>.")]
    [InlineData("subscribers --add reader --query prison", "email: 'reader' is not an email address")]
    [InlineData("subscribers --add reader@example.com --query prison --frequency sometimes", "frequency: 'sometimes' is not a frequency")]
    [InlineData("subscribers --add reader@example.com --query (prison", "query: ")]
    [InlineData("subscribers alerts add reader@exa_mple.com --query prison", "email: 'reader@exa_mple.com' is not an email address")]
    [InlineData("subscribers alerts add reader@example.com --name Prisons --query prison)", "query: ")]
    [InlineData("subscribers alerts add reader@example.com --query prison --frequency fortnightly", "frequency: 'fortnightly' is not a frequency")]
    [InlineData("subscribers alerts add reader@example.com", "Option '--query' is required")]
    [InlineData("subscribers alerts remove reader@example.com", "alert")]
    [InlineData("subscribers import no/such/subscribers.json", "no/such/subscribers.json: no such file.")]
    [InlineData("subscribers --query prison", "--query goes with --add <email>.")]
    [InlineData("subscribers --add reader@example.com --query prison --remove reader@example.com", "Use --add or --remove, not both.")]
    public async Task InvokeAsync_UsageError_ExitsTwoWithAMessageNamingWhatIsWrong(string args, string message)
    {
        var run = await RunAsync(args.Split(' '));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_Suggest_CompletesTheReasonCodes()
    {
        const string line = "pipeline requeue --reason too";
        var run = await RunAsync([$"[suggest:{line.Length}]", line]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["too-large", "too-many-articles"], run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await CommandCatalog.InvokeAsync(args, new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }
}
