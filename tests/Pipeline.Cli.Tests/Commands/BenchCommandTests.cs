using System.CommandLine;
using Pipeline.Cli.Bench;
using Pipeline.Cli.Commands;

namespace Pipeline.Cli.Tests.Commands;

/// <summary><c>pipeline bench e2e</c>: its help, its usage errors, and the files it generates (nothing here needs storage).</summary>
public sealed class BenchCommandTests
{
    [Fact]
    public async Task InvokeAsync_BenchE2eHelp_ListsEveryOption()
    {
        var run = await RunAsync(["bench", "e2e", "--help"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("pipeline bench e2e", run.Output, StringComparison.Ordinal);
        foreach (var option in new[] { "--articles <n>", "--size <small|mixed|large>", "--summariser <extractive|openai-fake>", "--fake-tpm <tokens>", "--fake-seed <n>", "--out <result.json>", "--feed-interval <ms>", "--max-polling <ms>", "--batch-size <n>", "--new-batch-threshold <n>", "--visibility-timeout <ms>", "--timeout <seconds>" })
        {
            Assert.Contains(option, run.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task InvokeAsync_RootHelp_ListsBench()
    {
        var run = await RunAsync(["--help"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("bench", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bench", "Required command was not provided")]
    [InlineData("bench e2e", "Option '--articles' is required")]
    [InlineData("bench e2e --articles 0", "--articles takes a whole number from 1 to 1000000, not '0'")]
    [InlineData("bench e2e --articles many", "--articles takes a whole number from 1 to 1000000, not 'many'")]
    [InlineData("bench e2e --articles 10 --size huge", "huge")]
    [InlineData("bench e2e --articles 10 --summariser gpt", "gpt")]
    [InlineData("bench e2e --articles 10 --summariser openai-fake --fake-tpm 10", "--fake-tpm takes a whole number from 1000 to 100000000, not '10'")]
    [InlineData("bench e2e --articles 10 --batch-size 64", "--batch-size takes a whole number from 1 to 32, not '64'")]
    [InlineData("bench e2e --articles 10 --feed-interval 5", "--feed-interval takes a whole number from 10 to 60000, not '5'")]
    [InlineData("bench e2e --articles 10 --out no/such/folder/result.json", "--out: no such folder")]
    public async Task InvokeAsync_BenchUsageError_ExitsTwoWithAMessageNamingWhatIsWrong(string args, string message)
    {
        var run = await RunAsync(args.Split(' '));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_Mixed_CoversEveryFormatAndSizesFrom100To5000Words()
    {
        var files = BenchArticles.Generate("run", 40, BenchSize.Mixed).ToList();

        Assert.Equal(["html", "json", "md", "txt"], files.Select(f => Path.GetExtension(f.Name).TrimStart('.')).Distinct().Order());
        Assert.InRange(files.Min(f => f.Words), 90, 110);
        Assert.InRange(files.Max(f => f.Words), 4990, 5010);
        Assert.Equal(40, files.Select(f => f.Name).Distinct().Count());
        Assert.Equal(40, files.Select(f => f.Content.ToString()).Distinct().Count());
    }

    [Fact]
    public void Generate_Small_IsAbout55WordsOfText()
    {
        var files = BenchArticles.Generate("run", 10, BenchSize.Small).ToList();

        Assert.All(files, f => Assert.EndsWith(".txt", f.Name, StringComparison.Ordinal));
        // The body, below the title line.
        Assert.All(files, f => Assert.InRange(f.Content.ToString().Split("\n\n", 2)[1].Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Length, 45, 65));
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await CommandCatalog.InvokeAsync(args, new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }
}
