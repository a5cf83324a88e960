using System.Text.Encodings.Web;
using System.Text.Json;
using Pipeline.Evaluation;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline eval keywords</c>: precision, recall and F1 at 5 and 10 of extracted key phrases against gold ones.</summary>
internal sealed class EvalKeywordsCommand : ICommand
{
    // Summaries and phrases are written as readable UTF-8 rather than \u escapes.
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public string Name => "eval keywords";

    public string Summary => "Score extracted key phrases against gold key phrases (stemmed exact match).";

    public string Usage =>
        """
          --data <docs.jsonl>    Lines of {"id","dataset","lang","title","text","keyphrases":[...]}
          --out <file.jsonl>     Write {"id","keyphrases":[ranked]} lines
        """;

    public async Task<int> RunAsync(CommandLine line, CancellationToken cancellationToken)
    {
        var data = line.Require("data");
        if (!File.Exists(data))
        {
            throw new CommandLineException($"no such file: {data}");
        }

        var documents = await KeywordEvaluation.ReadDocumentsAsync(data, cancellationToken);
        var result = KeywordEvaluation.Evaluate(documents, cancellationToken);
        if (line.Get("out") is { } output)
        {
            await File.WriteAllLinesAsync(output, result.Predictions.Select(p => JsonSerializer.Serialize(new { id = p.Id, keyphrases = p.Keyphrases }, Json)), cancellationToken);
        }

        await Console.Out.WriteLineAsync(KeywordEvaluation.Format(result));
        return 0;
    }
}
