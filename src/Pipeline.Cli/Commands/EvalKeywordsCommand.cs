using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using Pipeline.Evaluation;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline eval keywords</c>: precision, recall and F1 at 5 and 10 of extracted key phrases against gold ones.</summary>
internal sealed class EvalKeywordsCommand
{
    // Summaries and phrases are written as readable UTF-8 rather than \u escapes.
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Option<FileInfo> _data = new Option<FileInfo>("--data")
    {
        Description = "Lines of {\"id\",\"dataset\",\"lang\",\"title\",\"text\",\"keyphrases\":[...]}",
        HelpName = "docs.jsonl",
        Required = true,
    }.AcceptExistingOnly();

    private readonly Option<FileInfo> _out = new("--out")
    {
        Description = "Write {\"id\",\"keyphrases\":[ranked]} lines",
        HelpName = "file.jsonl",
    };

    public Command Create()
    {
        var command = new Command("keywords", "Score extracted key phrases against gold key phrases (stemmed exact match).") { _data, _out };
        command.SetAction((result, cancellationToken) => RunAsync(result.GetRequiredValue(_data).FullName, result.GetValue(_out)?.FullName, cancellationToken));
        return command;
    }

    public async Task<int> RunAsync(string data, string? output, CancellationToken cancellationToken)
    {
        var documents = await KeywordEvaluation.ReadDocumentsAsync(data, cancellationToken);
        var result = KeywordEvaluation.Evaluate(documents, cancellationToken);
        if (output is not null)
        {
            await File.WriteAllLinesAsync(output, result.Predictions.Select(p => JsonSerializer.Serialize(new { id = p.Id, keyphrases = p.Keyphrases }, Json)), cancellationToken);
        }

        await Console.Out.WriteLineAsync(KeywordEvaluation.Format(result));
        return 0;
    }
}
