using Xunit.Abstractions;

namespace Pipeline.Infra.Tests.Bicep;

/// <summary>Every .bicep file under infra/ compiles and lints with no error and no warning.</summary>
public sealed class BicepFileTests(ITestOutputHelper output)
{
    public static TheoryData<string> Files() => new(InfraFiles.BicepFiles());

    [Fact]
    public void Infra_HasTheAzdLayout()
    {
        Assert.True(File.Exists(Path.Combine(InfraFiles.RepositoryRoot, "azure.yaml")), "azure.yaml at the repository root");
        Assert.True(File.Exists(Path.Combine(InfraFiles.Folder, "main.parameters.json")), "infra/main.parameters.json");
        Assert.Contains(Path.Combine("infra", "main.bicep"), InfraFiles.BicepFiles());
        Assert.Contains(InfraFiles.BicepFiles(), f => f.StartsWith(Path.Combine("infra", "app") + Path.DirectorySeparatorChar, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Build_BicepFile_CompilesWithNoDiagnostics(string file)
    {
        var result = await BicepCli.BuildToStdoutAsync(Path.Combine(InfraFiles.RepositoryRoot, file));

        Report(result);
        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Diagnostics);
        Assert.StartsWith("{", result.Stdout.TrimStart(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Lint_BicepFile_HasNoWarningsOrErrors(string file)
    {
        var result = await BicepCli.LintAsync(Path.Combine(InfraFiles.RepositoryRoot, file));

        Report(result);
        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Diagnostics);
    }

    private void Report(BicepCli.Result result)
    {
        foreach (var line in result.Diagnostics)
        {
            output.WriteLine(line);
        }

        if (result.ExitCode != 0)
        {
            output.WriteLine(result.Stderr);
        }
    }
}
