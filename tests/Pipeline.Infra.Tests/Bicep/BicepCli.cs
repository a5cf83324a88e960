using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;

namespace Pipeline.Infra.Tests.Bicep;

/// <summary>The Bicep CLI restored with this project (PackageDownload of Azure.Bicep.CommandLine.linux-x64).</summary>
internal static class BicepCli
{
    /// <summary>One Bicep run: its exit code, what it wrote, and the warning and error lines among them.</summary>
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public IReadOnlyList<string> Diagnostics =>
            (Stdout + "\n" + Stderr).Split('\n')
                .Where(l => l.Contains(" : Warning ", StringComparison.Ordinal) || l.Contains(" : Error ", StringComparison.Ordinal))
                .Select(l => l.Trim())
                .ToList();
    }

    private static readonly Lazy<string> Executable = new(Locate);

    public static string Path => Executable.Value;

    public static Task<Result> BuildToStdoutAsync(string bicepFile) => RunAsync("build", bicepFile, "--stdout");

    public static Task<Result> LintAsync(string bicepFile) => RunAsync("lint", bicepFile);

    /// <summary>Compiles <paramref name="bicepFile"/> and parses the ARM template; fails on any diagnostic.</summary>
    public static async Task<JsonObject> CompileAsync(string bicepFile)
    {
        var result = await BuildToStdoutAsync(bicepFile);
        if (result.ExitCode != 0 || result.Diagnostics.Count > 0)
        {
            throw new InvalidOperationException($"bicep build {bicepFile} failed ({result.ExitCode}):\n{result.Stderr}");
        }

        return JsonNode.Parse(result.Stdout)!.AsObject();
    }

    private static async Task<Result> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // No telemetry and no update check: the tests run offline.
        start.Environment["BICEP_TELEMETRY_ENABLED"] = "false";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Path}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', args)} took more than 2 minutes.");
        }

        return new Result(process.ExitCode, await stdout, await stderr);
    }

    private static string Locate()
    {
        if (!OperatingSystem.IsLinux() || System.Runtime.InteropServices.RuntimeInformation.OSArchitecture != System.Runtime.InteropServices.Architecture.X64)
        {
            throw new PlatformNotSupportedException("These tests restore the linux-x64 Bicep CLI; run them on Linux x64 (as CI does).");
        }

        var metadata = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value);
        var root = metadata.GetValueOrDefault("NuGetPackageRoot");
        var version = metadata.GetValueOrDefault("BicepVersion");
        if (string.IsNullOrEmpty(root) || string.IsNullOrEmpty(version))
        {
            throw new InvalidOperationException("The build did not record NuGetPackageRoot and BicepVersion; rebuild tests/Pipeline.Infra.Tests.");
        }

        var path = System.IO.Path.Combine(root, "azure.bicep.commandline.linux-x64", version, "tools", "bicep");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The Bicep CLI is not at {path}; run `dotnet restore tests/Pipeline.Infra.Tests`.", path);
        }

        // NuGet does not always keep the executable bit when it extracts a package.
        var mode = File.GetUnixFileMode(path);
        if (!mode.HasFlag(UnixFileMode.UserExecute))
        {
            File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }

        return path;
    }
}
