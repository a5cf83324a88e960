using System.Text.Encodings.Web;
using System.Text.Json;
using Pipeline.Evaluation;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline eval summaries</c>: ROUGE of the extractive summariser and the lead baselines on article/reference pairs.</summary>
internal sealed class EvalSummariesCommand : ICommand
{
    // Summaries and phrases are written as readable UTF-8 rather than \u escapes.
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public string Name => "eval summaries";

    public string Summary => "Score extractive summaries with ROUGE-1/2/L against Lead-1 and Lead-3.";

    public string Usage =>
        """
          --data <pairs.jsonl>   Lines of {"id","dataset","article","reference"}
          --sentences <n>        Fixed summary length for every dataset (default: 1 for xsum, 3 otherwise)
          --out <file.jsonl>     Write {"id","summary"} lines
        """;

    public async Task<int> RunAsync(CommandLine line, CancellationToken cancellationToken)
    {
        var data = line.Require("data");
        int? sentences = line.Has("sentences") ? line.GetInt("sentences", 3) : null;
        if (sentences is < 1 or > 20)
        {
            throw new CommandLineException("--sentences takes a number from 1 to 20.");
        }

        if (!File.Exists(data))
        {
            throw new CommandLineException($"no such file: {data}");
        }

        var pairs = await SummaryEvaluation.ReadPairsAsync(data, cancellationToken);
        var result = SummaryEvaluation.Evaluate(pairs, sentences, cancellationToken);
        if (line.Get("out") is { } output)
        {
            await File.WriteAllLinesAsync(output, result.Summaries.Select(s => JsonSerializer.Serialize(new { id = s.Id, summary = s.Summary }, Json)), cancellationToken);
        }

        await Console.Out.WriteLineAsync(SummaryEvaluation.Format(result));
        return 0;
    }
}
