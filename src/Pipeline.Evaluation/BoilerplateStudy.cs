using System.Diagnostics;
using System.Globalization;
using Pipeline.Core.Ingestion;

namespace Pipeline.Evaluation;

/// <summary>One rule's cross-validated result: its setting chosen on the training folds, judged on the held-out fold.</summary>
/// <param name="Rule">The rule (or "kept rules together").</param>
/// <param name="Settings">How many settings of the rule were tried.</param>
/// <param name="Chosen">The setting chosen on all pages, which is what would ship.</param>
/// <param name="WithGain">Held-out change in must-have snippets found, per fold (positive is better).</param>
/// <param name="WithoutGain">Held-out fall in boilerplate leaked, per fold (positive is better).</param>
/// <param name="Gain">Held-out change of (with − without), per fold: the figure a rule must win on.</param>
public sealed record RuleResult(string Rule, int Settings, string Chosen, FoldSpread WithGain, FoldSpread WithoutGain, FoldSpread Gain)
{
    /// <summary>Kept when the mean held-out gain is positive and more than twice its standard error over the folds.</summary>
    public bool Wins => Gain.Mean > 0 && Gain.Mean > 2 * Gain.StandardDeviation / Math.Sqrt(Gain.PerFold.Count);

    public string Line => string.Create(
        CultureInfo.InvariantCulture,
        $"{Rule,-16} settings={Settings,-2} gain={Gain.Mean * 100:+0.00;-0.00} ± {Gain.StandardDeviation * 100:0.00} "
        + $"(with {WithGain.Mean * 100:+0.00;-0.00} ± {WithGain.StandardDeviation * 100:0.00}, leaks {-WithoutGain.Mean * 100:+0.00;-0.00} ± {WithoutGain.StandardDeviation * 100:0.00}) "
        + $"folds=[{string.Join(' ', Gain.PerFold.Select(g => (Math.Round(g * 100, 2) + 0.0).ToString("+0.00;-0.00;+0.00", CultureInfo.InvariantCulture)))}] "
        + $"{(Wins ? "KEEP" : "drop")} chosen: {Chosen}");
}

/// <summary>
/// Measures each boilerplate rule of the HTML extractor on the snippet set with k-fold cross-validation: for each
/// fold, the rule's setting is chosen on the other folds (best with − without) and judged on the held-out fold
/// against Readability's output with no block rule. Folds come from a stable hash of the page name.
/// </summary>
public static class BoilerplateStudy
{
    private sealed record Candidate(string Rule, string Setting, BoilerplateRules Rules);

    private static readonly int[] ShortBlocks = [80, 120, 200];

    /// <summary>Every rule with the settings tried for it; a rule with one setting has no threshold to choose.</summary>
    private static IEnumerable<Candidate> Candidates()
    {
        foreach (var prompt in new[] { 160, 240, 400 })
        {
            yield return new("sign-up", $"MaxPrompt={prompt}", BoilerplateRules.None with { SignUpPrompts = true, MaxPrompt = prompt });
        }

        foreach (var length in ShortBlocks)
        {
            foreach (var density in new[] { 0.3, 0.5, 0.7 })
            {
                yield return new("edge-links", Invariant($"ShortBlock={length} EdgeLinkDensity={density}"), BoilerplateRules.None with { EdgeLinks = true, ShortBlock = length, EdgeLinkDensity = density });
            }
        }

        yield return new("related-lead-in", "phrase list", BoilerplateRules.None with { RelatedLeadIns = true });
        yield return new("credits", "phrase list + figcaption", BoilerplateRules.None with { Credits = true });
        yield return new("ad-labels", "phrase list", BoilerplateRules.None with { AdLabels = true });
        foreach (var length in ShortBlocks)
        {
            foreach (var density in new[] { 0.5, 0.8, 0.95 })
            {
                yield return new("link-runs", Invariant($"RunShortBlock={length} RunLinkDensity={density}"), BoilerplateRules.None with { LinkRuns = true, RunShortBlock = length, RunLinkDensity = density });
            }
        }
    }

    /// <summary>Runs the study over <paramref name="pages"/> and returns one line per rule, then the kept rules together and the speed.</summary>
    public static IReadOnlyList<string> Run(IReadOnlyList<SnippetPage> pages, int folds = 5)
    {
        ArgumentNullException.ThrowIfNull(pages);
        var fold = pages.Select(p => CrossValidation.FoldOf(p.Name, folds)).ToArray();
        var baseline = Score(pages, BoilerplateRules.None);
        var lines = new List<string>();
        var kept = new List<IGrouping<string, (Candidate Candidate, Counts[] Scores)>>();
        foreach (var rule in Candidates().Select(c => (Candidate: c, Scores: Score(pages, c.Rules))).GroupBy(c => c.Candidate.Rule))
        {
            var result = CrossValidate(rule.Key, [.. rule], baseline, fold, folds);
            lines.Add(result.Line);
            if (result.Wins)
            {
                kept.Add(rule);
            }
        }

        // The kept rules together: each fold combines the settings chosen on its training folds.
        var combined = Enumerable.Range(0, folds).Select(f => Combine(kept.Select(g => Best([.. g], fold, f, train: true).Candidate.Rules))).ToList();
        var combinedScores = combined.Select(r => Score(pages, r)).ToList();
        var all = Combine(kept.Select(g => Best([.. g], fold, -1, train: true).Candidate.Rules));
        lines.Add(CrossValidateCombined(combinedScores, baseline, fold, folds, Describe(all)).Line);
        lines.Add(Speed(pages, all));
        return lines;
    }

    private readonly record struct Counts(int With, int WithCount, int Without, int WithoutCount);

    private static Counts[] Score(IReadOnlyList<SnippetPage> pages, BoilerplateRules rules)
    {
        var parser = new ArticleParser { HtmlRules = rules };
        return [.. pages.Select(p => ExtractionEvaluator.ScoreSnippets(p.Name, p.Html, p.Expectation, parser))
            .Select(s => new Counts(s.WithFound, s.WithCount, s.WithoutFound, s.WithoutCount))];
    }

    /// <summary>Pooled (with, without) over the pages in (train) or out of (held-out) fold <paramref name="f"/>; f = -1 takes all.</summary>
    private static (double With, double Without) Pool(Counts[] scores, int[] fold, int f, bool train)
    {
        int with = 0, withCount = 0, without = 0, withoutCount = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            if (f >= 0 && (fold[i] == f) == train)
            {
                continue;
            }

            (with, withCount, without, withoutCount) = (with + scores[i].With, withCount + scores[i].WithCount, without + scores[i].Without, withoutCount + scores[i].WithoutCount);
        }

        return (withCount == 0 ? 0 : (double)with / withCount, withoutCount == 0 ? 0 : (double)without / withoutCount);
    }

    private static (Candidate Candidate, Counts[] Scores) Best(IReadOnlyList<(Candidate Candidate, Counts[] Scores)> settings, int[] fold, int f, bool train) =>
        settings.MaxBy(s => Pool(s.Scores, fold, f, train) is var (w, o) ? w - o : 0);

    private static RuleResult CrossValidate(string rule, IReadOnlyList<(Candidate Candidate, Counts[] Scores)> settings, Counts[] baseline, int[] fold, int folds)
    {
        var perFold = Enumerable.Range(0, folds).Select(f => Gains(Best(settings, fold, f, train: true).Scores, baseline, fold, f)).ToList();
        return Result(rule, settings.Count, Best(settings, fold, -1, train: true).Candidate.Setting, perFold);
    }

    private static RuleResult CrossValidateCombined(List<Counts[]> perFoldScores, Counts[] baseline, int[] fold, int folds, string chosen) =>
        Result("kept together", 1, chosen, [.. Enumerable.Range(0, folds).Select(f => Gains(perFoldScores[f], baseline, fold, f))]);

    private static (double With, double Without) Gains(Counts[] scores, Counts[] baseline, int[] fold, int f)
    {
        var (w, o) = Pool(scores, fold, f, train: false);
        var (bw, bo) = Pool(baseline, fold, f, train: false);
        return (w - bw, bo - o);
    }

    private static RuleResult Result(string rule, int settings, string chosen, IReadOnlyList<(double With, double Without)> perFold) =>
        new(rule, settings, chosen, FoldSpread.Of([.. perFold.Select(g => g.With)]), FoldSpread.Of([.. perFold.Select(g => g.Without)]),
            FoldSpread.Of([.. perFold.Select(g => g.With + g.Without)]));

    private static BoilerplateRules Combine(IEnumerable<BoilerplateRules> rules) =>
        rules.Aggregate(BoilerplateRules.None, (all, r) => all with
        {
            SignUpPrompts = all.SignUpPrompts || r.SignUpPrompts,
            MaxPrompt = r.SignUpPrompts ? r.MaxPrompt : all.MaxPrompt,
            EdgeLinks = all.EdgeLinks || r.EdgeLinks,
            ShortBlock = r.EdgeLinks ? r.ShortBlock : all.ShortBlock,
            EdgeLinkDensity = r.EdgeLinks ? r.EdgeLinkDensity : all.EdgeLinkDensity,
            RelatedLeadIns = all.RelatedLeadIns || r.RelatedLeadIns,
            Credits = all.Credits || r.Credits,
            AdLabels = all.AdLabels || r.AdLabels,
            LinkRuns = all.LinkRuns || r.LinkRuns,
            RunShortBlock = r.LinkRuns ? r.RunShortBlock : all.RunShortBlock,
            RunLinkDensity = r.LinkRuns ? r.RunLinkDensity : all.RunLinkDensity,
        });

    private static string Describe(BoilerplateRules rules) => rules.ToString();

    /// <summary>Pages per second through the whole parser, one thread, best of three interleaved rounds of each rule set.</summary>
    private static string Speed(IReadOnlyList<SnippetPage> pages, BoilerplateRules chosen)
    {
        var sets = new[] { ("none", BoilerplateRules.None), ("shipped", BoilerplateRules.Shipped), ("kept", chosen) };
        var best = new double[sets.Length];
        for (var round = 0; round < 3; round++)
        {
            for (var s = 0; s < sets.Length; s++)
            {
                var parser = new ArticleParser { HtmlRules = sets[s].Item2 };
                var watch = Stopwatch.StartNew();
                foreach (var page in pages)
                {
                    parser.Parse(page.Html, page.Name + ".html");
                }

                best[s] = Math.Max(best[s], pages.Count / watch.Elapsed.TotalSeconds);
            }
        }

        return "speed (pages/s, one thread, best of 3): " + string.Join(", ", sets.Select((s, i) => Invariant($"{s.Item1} {best[i]:F0}")));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
