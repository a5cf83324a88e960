using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Pipeline.Cli.Hosting;

namespace Pipeline.IntegrationTests.Fixtures;

/// <summary>A real SMTP server (smtp4dev, from the tool manifest) on free ports; what arrived is read over its API.</summary>
public sealed class Smtp4devFixture : IAsyncLifetime
{
    private Process? _process;
    private string? _database;
    private readonly HttpClient _http = new();

    public int SmtpPort { get; private set; }

    public int WebPort { get; private set; }

    /// <summary>The host settings that send mail to this server: plain SMTP on its port.</summary>
    public Dictionary<string, string?> HostSettings() => new()
    {
        ["Email:Smtp:Host"] = "127.0.0.1",
        ["Email:Smtp:Port"] = SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email:Smtp:Security"] = "None",
    };

    public async Task InitializeAsync()
    {
        var root = RepositoryRoot.Find();
        await LocalTools.EnsureDotnetToolsAsync(root);
        SmtpPort = LocalTools.FreePort();
        WebPort = LocalTools.FreePort();
        _database = Path.Combine(Path.GetTempPath(), $"smtp4dev-{Guid.NewGuid():N}.db");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "tool", "run", "smtp4dev", "--",
            $"--smtpport={SmtpPort}", $"--imapport={LocalTools.FreePort()}", $"--pop3port={LocalTools.FreePort()}",
            $"--urls=http://127.0.0.1:{WebPort}", $"--db={_database}", "--nousersettings", "--hostname=localhost",
        })
        {
            start.ArgumentList.Add(arg);
        }

        _process = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        _process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        _process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await LocalTools.WaitForPortsAsync(_process, [SmtpPort, WebPort], TimeSpan.FromSeconds(90), () => { lock (output) { return "smtp4dev: " + output; } }, CancellationToken.None);
        _http.BaseAddress = new Uri($"http://127.0.0.1:{WebPort}");
    }

    /// <summary>Every message that arrived, as smtp4dev's API lists them.</summary>
    public async Task<IReadOnlyList<ReceivedMessage>> MessagesAsync()
    {
        var json = await _http.GetFromJsonAsync<JsonElement>("/api/messages?pageSize=1000");
        var items = json.ValueKind == JsonValueKind.Array ? json : json.GetProperty("results");
        return items.EnumerateArray().Select(m => new ReceivedMessage(
            m.GetProperty("id").GetString()!,
            m.GetProperty("to").EnumerateArray().Select(t => t.GetString()!).ToList(),
            m.GetProperty("subject").GetString() ?? "")).ToList();
    }

    /// <summary>The plain-text body of one message.</summary>
    public Task<string> PlainTextAsync(string id) => _http.GetStringAsync($"/api/messages/{id}/plaintext");

    /// <summary>The HTML body of one message.</summary>
    public Task<string> HtmlAsync(string id) => _http.GetStringAsync($"/api/messages/{id}/html");

    /// <summary>The message exactly as it arrived over SMTP (its raw source).</summary>
    public Task<byte[]> RawAsync(string id) => _http.GetByteArrayAsync($"/api/messages/{id}/raw");

    public async Task DisposeAsync()
    {
        _http.Dispose();
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        if (_database is not null)
        {
            foreach (var file in Directory.EnumerateFiles(Path.GetDirectoryName(_database)!, Path.GetFileName(_database) + "*"))
            {
                File.Delete(file);
            }
        }
    }
}

public sealed record ReceivedMessage(string Id, IReadOnlyList<string> To, string Subject);
