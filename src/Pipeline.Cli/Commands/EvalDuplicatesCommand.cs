using System.CommandLine;
using Pipeline.Evaluation;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline eval duplicates</c>: precision and recall of the digest's near-duplicate folding on labelled article pairs.</summary>
internal sealed class EvalDuplicatesCommand
{
    private readonly Option<FileInfo> _data = new Option<FileInfo>("--data")
    {
        Description = "Lines of {\"id\",\"title\",\"article\"} (for example ../shared/data/summaries/bbc.jsonl)",
        HelpName = "bbc.jsonl",
        Required = true,
    }.AcceptExistingOnly();

    private readonly Option<FileInfo> _labels = new Option<FileInfo>("--labels")
    {
        Description = "Tab-separated idA, idB, 1 (same story) or 0, note (for example tests/Pipeline.Evaluation.Tests/Data/near-duplicate-labels.tsv)",
        HelpName = "labels.tsv",
        Required = true,
    }.AcceptExistingOnly();

    private readonly Option<int> _folds = new("--folds")
    {
        Description = "Held-out folds for choosing the setting (by a stable hash of the pair)",
        HelpName = "k",
        DefaultValueFactory = _ => 5,
        CustomParser = OptionParsers.WholeNumber(2, 20),
    };

    private readonly Option<int> _random = new("--random-pairs")
    {
        Description = "Random unlabelled pairs on which to count false positives",
        HelpName = "n",
        DefaultValueFactory = _ => 200_000,
        CustomParser = OptionParsers.WholeNumber(0, 10_000_000),
    };

    public Command Create()
    {
        var command = new Command("duplicates", "Precision and recall of near-duplicate folding on labelled pairs, the setting chosen by cross-validation.") { _data, _labels, _folds, _random };
        command.SetAction((result, cancellationToken) => RunAsync(
            result.GetRequiredValue(_data).FullName, result.GetRequiredValue(_labels).FullName, result.GetValue(_folds), result.GetValue(_random), cancellationToken));
        return command;
    }

    public async Task<int> RunAsync(string data, string labels, int folds, int randomPairs, CancellationToken cancellationToken)
    {
        var articles = await DuplicateEvaluation.ReadArticlesAsync(data, cancellationToken);
        var pairs = await DuplicateEvaluation.ReadLabelsAsync(labels, cancellationToken);
        var result = DuplicateEvaluation.Evaluate(articles, pairs, folds, randomPairs, cancellationToken);
        await Console.Out.WriteLineAsync(DuplicateEvaluation.Format(result));
        return 0;
    }
}
