using Pipeline.Infra.Tests.Bicep;
using Xunit.Abstractions;

namespace Pipeline.Infra.Tests.Settings;

/// <summary>The function app's settings in infra/ provide every setting the code reads.</summary>
public sealed class AppSettingsCoverageTests(ITestOutputHelper output)
{
    [Fact]
    public void Read_FindsTheBindingExpressionsOptionsAndConnection()
    {
        var settings = CodeSettings.Read();

        // Not a hand list to compare against: just proof that each way of reading a setting was found.
        Assert.Contains(settings, s => s is { Name: "IncomingContainer", Source: SettingSource.BindingExpression });
        Assert.Contains(settings, s => s is { Name: "SummariseQueue", Source: SettingSource.BindingExpression });
        Assert.Contains(settings, s => s is { Name: "DigestsQueue", Source: SettingSource.BindingExpression });
        Assert.Contains(settings, s => s is { Name: "DigestSchedule", Source: SettingSource.BindingExpression });
        Assert.Contains(settings, s => s is { Name: "ArticlesContainer", Source: SettingSource.RootOptions });
        Assert.Contains(settings, s => s is { Name: "Email__Smtp__Password", Source: SettingSource.SectionOptions });
        Assert.Contains(settings, s => s is { Name: "Ingestion__MaxFileBytes", Source: SettingSource.SectionOptions });
        Assert.Contains(settings, s => s is { Name: "AzureWebJobsStorage__accountName", Source: SettingSource.Connection });
        Assert.DoesNotContain(settings, s => s.Name.Contains(':', StringComparison.Ordinal));
    }

    [Fact]
    public async Task MainTemplate_ProvidesEverySettingTheCodeReads()
    {
        var template = await InfraFiles.CompiledMainAsync();
        var provided = ArmTemplate.AppSettings(template);
        var required = CodeSettings.Read();
        foreach (var setting in required)
        {
            output.WriteLine($"{setting.Name,-40} {setting.Source,-18} {setting.ReadBy}: {(provided.ContainsKey(setting.Name) ? "provided" : "NOT PROVIDED")}");
        }

        Assert.Empty(SettingsCoverage.Missing(required, provided).Select(s => $"{s.Name} (read by {s.ReadBy})"));
    }

    [Fact]
    public void OptionalAllowList_NamesOnlyOptionsTheCodeReads_NeverBindingsOrConnections()
    {
        var required = CodeSettings.Read();
        foreach (var name in SettingsCoverage.OptionalWithSafeDefault.Keys)
        {
            var setting = Assert.Single(required, s => s.Name == name);
            Assert.True(setting.Source is SettingSource.RootOptions or SettingSource.SectionOptions, $"{name} is read as {setting.Source}; it cannot be optional.");
        }
    }

    [Theory]
    [InlineData("IncomingContainer")]
    [InlineData("SummariseQueue")]
    [InlineData("DigestsQueue")]
    [InlineData("AzureWebJobsStorage__clientId")]
    [InlineData("Email__Smtp__Host")]
    public async Task Missing_SettingRemovedFromTheCompiledTemplate_IsReported(string removed)
    {
        var template = await InfraFiles.CompiledMainAsync();
        var config = Assert.Single(ArmTemplate.ResourcesOfType(template, "Microsoft.Web/sites/config"));
        Assert.True(config["properties"]!.AsObject().Remove(removed), $"the template has {removed}");

        var missing = SettingsCoverage.Missing(CodeSettings.Read(), ArmTemplate.AppSettings(template));

        Assert.Equal([removed], missing.Select(s => s.Name));
    }

    [Fact]
    public async Task Missing_LineRemovedFromACopyOfTheBicep_IsReported()
    {
        var copy = Directory.CreateTempSubdirectory("pipeline-infra-");
        try
        {
            foreach (var file in Directory.EnumerateFiles(InfraFiles.Folder, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(copy.FullName, Path.GetRelativePath(InfraFiles.Folder, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }

            var functions = Path.Combine(copy.FullName, "app", "functions.bicep");
            var lines = await File.ReadAllLinesAsync(functions);
            var kept = lines.Where(l => !l.TrimStart().StartsWith("IncomingContainer:", StringComparison.Ordinal)).ToArray();
            Assert.Equal(lines.Length - 1, kept.Length);
            await File.WriteAllLinesAsync(functions, kept);

            var template = await BicepCli.CompileAsync(Path.Combine(copy.FullName, "main.bicep"));
            var missing = SettingsCoverage.Missing(CodeSettings.Read(), ArmTemplate.AppSettings(template));

            var setting = Assert.Single(missing);
            Assert.Equal("IncomingContainer", setting.Name);
            Assert.Equal(SettingSource.BindingExpression, setting.Source);
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }
}
