using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using Pipeline.Evaluation;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline eval summaries</c>: ROUGE of the extractive summariser and the lead baselines on article/reference pairs.</summary>
internal sealed class EvalSummariesCommand
{
    // Summaries and phrases are written as readable UTF-8 rather than \u escapes.
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Option<FileInfo> _data = new Option<FileInfo>("--data")
    {
        Description = "Lines of {\"id\",\"dataset\",\"article\",\"reference\"}",
        HelpName = "pairs.jsonl",
        Required = true,
    }.AcceptExistingOnly();

    private readonly Option<int?> _sentences = new("--sentences")
    {
        Description = "Fixed summary length for every dataset (default: 1 for xsum, 3 otherwise)",
        HelpName = "n",
        CustomParser = result => OptionParsers.WholeNumber(1, 20)(result),
    };

    private readonly Option<FileInfo> _out = new("--out")
    {
        Description = "Write {\"id\",\"summary\"} lines",
        HelpName = "file.jsonl",
    };

    private readonly Option<int> _folds = new("--folds")
    {
        Description = "Also cross-validate the sentence weights: per dataset, weights chosen on the training folds and scored held out, next to the shipped ones and the lead, mean ± sd over k folds",
        HelpName = "k",
        CustomParser = OptionParsers.WholeNumber(2, 20),
    };

    public Command Create()
    {
        var command = new Command("summaries", "Score extractive summaries with ROUGE-1/2/L against Lead-1 and Lead-3.") { _data, _sentences, _out, _folds };
        command.SetAction((result, cancellationToken) => RunAsync(
            result.GetRequiredValue(_data).FullName, result.GetValue(_sentences), result.GetValue(_out)?.FullName, result.GetValue(_folds), cancellationToken));
        return command;
    }

    public async Task<int> RunAsync(string data, int? sentences, string? output, int folds, CancellationToken cancellationToken)
    {
        var pairs = await SummaryEvaluation.ReadPairsAsync(data, cancellationToken);
        var result = SummaryEvaluation.Evaluate(pairs, sentences, cancellationToken);
        if (output is not null)
        {
            await File.WriteAllLinesAsync(output, result.Summaries.Select(s => JsonSerializer.Serialize(new { id = s.Id, summary = s.Summary }, Json)), cancellationToken);
        }

        if (folds > 0)
        {
            await Console.Out.WriteLineAsync(SummaryTuning.Format(SummaryTuning.CrossValidate(pairs, folds, cancellationToken), folds));
        }

        await Console.Out.WriteLineAsync(SummaryEvaluation.Format(result));
        return 0;
    }
}
