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
        Description = "Write {\"id\",\"keyphrases\":[ranked]} lines (with --learn: each document's held-out top ten)",
        HelpName = "file.jsonl",
    };

    private readonly Option<int> _folds = new("--folds")
    {
        Description = "Also report F1@10 as mean ± sd over k held-out folds (folds by a stable hash of the id)",
        HelpName = "k",
        CustomParser = OptionParsers.WholeNumber(2, 20),
    };

    private readonly Option<FileInfo> _baseline = new Option<FileInfo>("--baseline")
    {
        Description = "Earlier --out predictions to compare against, fold by fold, with a paired bootstrap p (with --learn: the held-out top tens are compared)",
        HelpName = "before.jsonl",
    }.AcceptExistingOnly();

    private readonly Option<bool> _tune = new("--tune")
    {
        Description = "Choose the extractor's weights on training folds only and report the held-out scores of that choice",
    };

    private readonly Option<bool> _learn = new("--learn")
    {
        Description = "Fit the phrase re-ranker (boosted trees) on training folds only and compare its held-out scores with the hand-set ranking",
    };

    private readonly Option<bool> _linear = new("--linear")
    {
        Description = "With --learn: fit the logistic regression alone (the re-ranker the extractor shipped before the trees)",
    };

    private readonly Option<TreeSettings?> _treeSettings = new("--tree-settings")
    {
        Description = "With --learn: how the trees grow, trees,depth,rate,minLeaf[,linear][,rank] (linear: on top of the logistic regression; rank: LambdaRank within each text)",
        HelpName = "150,3,0.1,50,linear",
        CustomParser = result =>
        {
            var token = OptionParsers.LastToken(result);
            if (TreeSettings.TryParse(token, out var settings))
            {
                return settings;
            }

            result.AddError($"{OptionParsers.OptionName(result)} takes trees,depth,rate,minLeaf[,linear][,rank] (say 150,3,0.1,50,linear), not '{token}'.");
            return null;
        },
    };

    private readonly Option<FileInfo> _trees = new("--trees")
    {
        Description = "With --learn: write the re-ranker fitted on all documents (the extractor ships it as Summarisation/Keywords/keyword-trees.txt)",
        HelpName = "file.txt",
    };

    public Command Create()
    {
        var command = new Command("keywords", "Score extracted key phrases against gold key phrases (stemmed exact match).") { _data, _out, _folds, _baseline, _tune, _learn, _linear, _treeSettings, _trees };
        command.SetAction((result, cancellationToken) => RunAsync(
            result.GetRequiredValue(_data).FullName, result.GetValue(_out)?.FullName,
            result.GetValue(_folds), result.GetValue(_baseline)?.FullName, result.GetValue(_tune),
            new LearnOptions(result.GetValue(_learn), result.GetValue(_linear), result.GetValue(_trees)?.FullName, result.GetValue(_treeSettings)), cancellationToken));
        return command;
    }

    public async Task<int> RunAsync(string data, string? output, int folds, string? baseline, bool tune, LearnOptions? learn = null, CancellationToken cancellationToken = default)
    {
        var documents = await KeywordEvaluation.ReadDocumentsAsync(data, cancellationToken);
        if (learn is { Learn: true })
        {
            var k = folds > 0 ? folds : 5;
            var learned = KeywordLearning.CrossValidate(documents, k, learn.Linear ? KeywordRanker.Linear : KeywordRanker.Trees, learn.Settings, Console.Out);
            await Console.Out.WriteLineAsync("baseline: the hand-set ranking (shipped weights, no model); candidate: the re-ranker fitted on the other folds");
            await Console.Out.WriteLineAsync(KeywordFolds.Compare(learned.HandSet, learned.Learned, k));
            if (output is not null)
            {
                await WritePredictionsAsync(output, learned.LearnedPhrases, cancellationToken);
            }

            if (baseline is not null)
            {
                await Console.Out.WriteLineAsync($"baseline: the top tens in {baseline}; candidate: the re-ranker fitted on the other folds");
                await Console.Out.WriteLineAsync(KeywordFolds.Compare(await ScoreBaselineAsync(documents, baseline, learned.Learned, cancellationToken), learned.Learned, k));
            }

            if (learn.TreesFile is { } treesFile)
            {
                var model = learned.ModelOnAll;
                await File.WriteAllTextAsync(treesFile, model.Format(TreesHeader(documents.Count)), cancellationToken);
                await Console.Out.WriteLineAsync($"re-ranker fitted on all documents: {model.Count} trees of depth {model.Depth}, written to {treesFile}");
            }

            return 0;
        }

        var result = KeywordEvaluation.Evaluate(documents, cancellationToken);
        if (output is not null)
        {
            await WritePredictionsAsync(output, result.Predictions, cancellationToken);
        }

        await Console.Out.WriteLineAsync(KeywordEvaluation.Format(result));
        if (folds == 0 && (baseline is not null || tune))
        {
            folds = 5;
        }

        if (folds > 0)
        {
            await ReportFoldsAsync(documents, result, folds, baseline, tune, cancellationToken);
        }

        return 0;
    }

    private static async Task ReportFoldsAsync(List<KeyphraseDocument> documents, KeywordEvaluationResult result, int folds, string? baseline, bool tune, CancellationToken cancellationToken)
    {
        var byId = documents.ToDictionary(d => d.Id, StringComparer.Ordinal);
        var candidate = result.Predictions.Select(p => KeywordEvaluation.Score(byId[p.Id], p.Keyphrases)).ToList();
        if (tune)
        {
            var tuning = KeywordTuning.Tune(documents, folds, Console.Out);
            for (var f = 0; f < tuning.ChosenPerFold.Count; f++)
            {
                await Console.Out.WriteLineAsync(FormattableString.Invariant($"fold {f} chose: {tuning.ChosenPerFold[f]}"));
            }

            await Console.Out.WriteLineAsync("all folds chose: " + tuning.ChosenOnAll);
            candidate = [.. tuning.HeldOut];
        }

        await Console.Out.WriteLineAsync(FormattableString.Invariant($"{folds}-fold F1@10{(tune ? " (weights chosen on training folds)" : string.Empty)}: mean ± sd over held-out folds"));
        foreach (var s in KeywordFolds.Summarise(candidate, folds))
        {
            await Console.Out.WriteLineAsync(FormattableString.Invariant($"{s.Dataset,-14} {s.Count,-5} {s.Mean:F4} ± {s.StandardDeviation:F4}"));
        }

        if (baseline is not null)
        {
            await Console.Out.WriteLineAsync(KeywordFolds.Compare(await ScoreBaselineAsync(documents, baseline, candidate, cancellationToken), candidate, folds));
        }
    }

    /// <summary>The comment at the top of a trees file: what it holds and how to make it again.</summary>
    internal static string TreesHeader(int documents) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"The key-phrase re-ranker: a logistic regression over KeywordExtractor.Features (the 'linear' line) and boosted trees\nthat correct its order of each text's candidates (LambdaRank), fitted on {documents} dev documents by\n`pipeline eval keywords --data ../shared/data/keyphrases/docs.jsonl --learn --trees <this file>`.");

    /// <summary><c>--learn</c> and the options that go with it.</summary>
    public sealed record LearnOptions(bool Learn, bool Linear = false, string? TreesFile = null, TreeSettings? Settings = null);

    private static Task WritePredictionsAsync(string path, IEnumerable<KeywordPrediction> predictions, CancellationToken cancellationToken) =>
        File.WriteAllLinesAsync(path, predictions.Select(p => JsonSerializer.Serialize(p, Json)), cancellationToken);

    /// <summary>The scores of an earlier run's top tens (<c>--out</c>), in the order of <paramref name="candidate"/>; a document it lacks scores 0.</summary>
    private static async Task<List<DocumentScore>> ScoreBaselineAsync(List<KeyphraseDocument> documents, string baseline, IReadOnlyList<DocumentScore> candidate, CancellationToken cancellationToken)
    {
        var byId = documents.ToDictionary(d => d.Id, StringComparer.Ordinal);
        var before = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var line in await File.ReadAllLinesAsync(baseline, cancellationToken))
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                var row = JsonSerializer.Deserialize<KeywordPrediction>(line) ?? throw new InvalidDataException($"{baseline}: a line is JSON null.");
                before[row.Id] = row.Keyphrases;
            }
        }

        return [.. candidate.Select(c => KeywordEvaluation.Score(byId[c.Id], before.GetValueOrDefault(c.Id) ?? []))];
    }
}
