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
/// <param name="ReferenceF1Change">
/// Change of the mean token F1 on the Readability pages, the chosen setting against no rule at all, when those pages
/// are given: shown, not judged (their reference is Readability's own output, captions and teasers included).
/// </param>
/// <param name="ReferenceRecall">
/// Mean token recall on the Readability pages with the chosen setting and the rules kept before it (so that small
/// losses cannot add up), when those pages are given.
/// </param>
public sealed record RuleResult(string Rule, int Settings, string Chosen, FoldSpread WithGain, FoldSpread WithoutGain, FoldSpread Gain, double? ReferenceF1Change = null, double? ReferenceRecall = null)
{
    /// <summary>
    /// The least mean recall the Readability pages may keep, all kept rules together: the issue's floor for real news
    /// pages (precision is what the rules buy; recall is what they must not spend). Their reference is Readability's own
    /// output, which keeps lines the snippet set calls boilerplate (captions, credits, "Related: …" teasers), so a
    /// rule that removes those lowers this recall without losing article text; the floor bounds that.
    /// </summary>
    public const double MinReferenceRecall = 0.98;

    /// <summary>
    /// Kept when the mean held-out gain is more than twice its standard error over the folds, the must-have text
    /// lost is within twice its own (a rule must not buy fewer leaks with article text beyond the noise), and the
    /// Readability pages keep <see cref="MinReferenceRecall"/>.
    /// </summary>
    public bool Wins => Gain.Mean > 2 * StandardError(Gain) && WithGain.Mean >= -2 * StandardError(WithGain)
        && (ReferenceRecall ?? 1) >= MinReferenceRecall;

    private static double StandardError(FoldSpread spread) => spread.StandardDeviation / Math.Sqrt(spread.PerFold.Count);

    private static string Points(double value) => (Math.Round(value * 100, 2) + 0.0).ToString("+0.00;-0.00;+0.00", CultureInfo.InvariantCulture);

    public string Line => string.Create(
        CultureInfo.InvariantCulture,
        $"{Rule,-16} settings={Settings,-2} gain={Points(Gain.Mean)} ± {Gain.StandardDeviation * 100:0.00} "
        + $"(with {Points(WithGain.Mean)} ± {WithGain.StandardDeviation * 100:0.00}, leaks {Points(-WithoutGain.Mean)} ± {WithoutGain.StandardDeviation * 100:0.00}) "
        + $"folds=[{string.Join(' ', Gain.PerFold.Select(Points))}] "
        + $"{(ReferenceF1Change is { } f1 ? "readability-f1 " + f1.ToString("+0.0000;-0.0000;+0.0000", CultureInfo.InvariantCulture) + " " : string.Empty)}"
        + $"{(ReferenceRecall is { } r ? "readability-recall " + r.ToString("0.0000", CultureInfo.InvariantCulture) + " " : string.Empty)}"
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

        yield return new("description-lead", "meta description", BoilerplateRules.None with { DescriptionLead = true });
        yield return new("related-lead-in", "phrase list", BoilerplateRules.None with { RelatedLeadIns = true });
        yield return new("credits", "phrase list", BoilerplateRules.None with { Credits = true });
        yield return new("captions", "figcaption", BoilerplateRules.None with { Captions = true });
        yield return new("ad-labels", "phrase list", BoilerplateRules.None with { AdLabels = true });
        foreach (var shouted in new[] { 30, 60 })
        {
            yield return new("shouted-labels", Invariant($"MaxShouted={shouted}"), BoilerplateRules.None with { ShoutedLabels = true, MaxShouted = shouted });
        }

        foreach (var region in new[] { 300, 1000, 3000 })
        {
            yield return new("class-hints", Invariant($"MaxHintRegion={region}"), BoilerplateRules.None with { ClassHints = true, MaxHintRegion = region });
        }

        foreach (var length in ShortBlocks)
        {
            foreach (var density in new[] { 0.5, 0.8, 0.95 })
            {
                yield return new("link-runs", Invariant($"RunShortBlock={length} RunLinkDensity={density}"), BoilerplateRules.None with { LinkRuns = true, RunShortBlock = length, RunLinkDensity = density });
            }
        }
    }

    private static IEnumerable<Candidate> TailCandidates()
    {
        foreach (var prose in new[] { 100, 200 })
        {
            foreach (var tail in new[] { 30, 60, 100 })
            {
                yield return new("tail-cut", Invariant($"ProseLength={prose} TailShort={tail}"), BoilerplateRules.None with { TailCut = true, ProseLength = prose, TailShort = tail });
            }
        }
    }

    /// <summary>
    /// Runs the study over <paramref name="pages"/>: each rule alone against no rule, then each rule that lost there
    /// once more on top of the rules kept so far (greedy, in order), then the kept rules together against no rule,
    /// and the speed. One line each.
    /// </summary>
    public static IReadOnlyList<string> Run(IReadOnlyList<SnippetPage> pages, IReadOnlyList<ReferencePage>? referencePages = null, int folds = 5)
    {
        ArgumentNullException.ThrowIfNull(pages);
        var referenceCache = new Dictionary<BoilerplateRules, (double F1, double Recall)>();
        (double F1, double Recall)? Reference(BoilerplateRules rules)
        {
            if (referencePages is not { Count: > 0 })
            {
                return null;
            }

            if (!referenceCache.TryGetValue(rules, out var score))
            {
                var parser = new ArticleParser { HtmlRules = rules };
                var scores = referencePages.Select(p => ExtractionEvaluator.Score(p.Name, p.Html, p.Expected, parser)).ToList();
                referenceCache[rules] = score = (scores.Average(s => s.F1), scores.Average(s => s.Recall));
            }

            return score;
        }

        double? ReferenceF1(BoilerplateRules rules) => Reference(rules)?.F1;
        double? ReferenceRecall(BoilerplateRules rules) => Reference(rules)?.Recall;
        var fold = pages.Select(p => CrossValidation.FoldOf(p.Name, folds)).ToArray();
        var cache = new Dictionary<BoilerplateRules, Counts[]>();
        Counts[] Scores(BoilerplateRules rules) => cache.TryGetValue(rules, out var counts) ? counts : cache[rules] = Score(pages, rules);

        var none = Enumerable.Repeat(BoilerplateRules.None, folds).ToArray();
        var bases = none.ToArray();
        var baseAll = BoilerplateRules.None;
        var lines = new List<string> { "each rule alone, against no rule:" };
        var dropped = new List<IGrouping<string, Candidate>>();
        var study = new Study(Scores, ReferenceF1, fold, folds);
        foreach (var rule in Candidates().Concat(TailCandidates()).GroupBy(c => c.Rule))
        {
            var (result, chosen, chosenAll) = study.CrossValidate(rule.Key, [.. rule], none, BoilerplateRules.None);
            result = result with { ReferenceRecall = ReferenceRecall(Combine(baseAll, chosenAll)) };
            lines.Add(result.Line);
            if (result.Wins)
            {
                (bases, baseAll) = ([.. bases.Select((b, f) => Combine(b, chosen[f]))], Combine(baseAll, chosenAll));
            }
            else
            {
                dropped.Add(rule);
            }
        }

        lines.Add("each dropped rule on top of the kept ones:");
        foreach (var rule in dropped)
        {
            var (result, chosen, chosenAll) = study.CrossValidate(rule.Key, [.. rule], bases, baseAll);
            result = result with { ReferenceRecall = ReferenceRecall(chosenAll) };
            lines.Add(result.Line);
            if (result.Wins)
            {
                (bases, baseAll) = ([.. chosen], chosenAll);
            }
        }

        lines.Add("the kept rules together, against no rule:");
        lines.Add((study.Compare("kept together", bases, none, Describe(baseAll)) with { ReferenceF1Change = ReferenceF1(baseAll) - ReferenceF1(BoilerplateRules.None), ReferenceRecall = ReferenceRecall(baseAll) }).Line);
        lines.Add(Speed([.. pages.Select(p => p.Html)], baseAll));
        if (referencePages is { Count: > 0 })
        {
            lines.Add(Speed([.. referencePages.Select(p => p.Html)], baseAll));
        }
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

    private sealed class Study(Func<BoilerplateRules, Counts[]> scores, Func<BoilerplateRules, double?> referenceF1, int[] fold, int folds)
    {
        /// <summary>
        /// For each fold, the rule's setting (on top of that fold's base) with the best with − without on the training
        /// folds, judged on the held-out fold against the base; and the setting chosen on all pages.
        /// </summary>
        public (RuleResult Result, BoilerplateRules[] Chosen, BoilerplateRules ChosenAll) CrossValidate(
            string rule, IReadOnlyList<Candidate> settings, BoilerplateRules[] bases, BoilerplateRules baseAll)
        {
            var chosen = Enumerable.Range(0, folds).Select(f => Best(settings.Select(s => Combine(bases[f], s.Rules)), f)).ToArray();
            var chosenAll = Best(settings.Select(s => Combine(baseAll, s.Rules)), -1);
            var setting = settings.First(s => Combine(baseAll, s.Rules) == chosenAll).Setting;
            var result = Compare(rule, chosen, bases, setting) with
            {
                Settings = settings.Count,
                ReferenceF1Change = referenceF1(chosenAll) - referenceF1(BoilerplateRules.None),
            };
            return (result, chosen, chosenAll);
        }

        /// <summary>Held-out gains, per fold, of <paramref name="rules"/> over <paramref name="bases"/>.</summary>
        public RuleResult Compare(string rule, BoilerplateRules[] rules, BoilerplateRules[] bases, string chosen)
        {
            var perFold = Enumerable.Range(0, folds).Select(f =>
            {
                var (w, o) = Pool(scores(rules[f]), fold, f, train: false);
                var (bw, bo) = Pool(scores(bases[f]), fold, f, train: false);
                return (With: w - bw, Without: bo - o);
            }).ToList();
            return new(rule, 1, chosen, FoldSpread.Of([.. perFold.Select(g => g.With)]), FoldSpread.Of([.. perFold.Select(g => g.Without)]),
                FoldSpread.Of([.. perFold.Select(g => g.With + g.Without)]));
        }

        private BoilerplateRules Best(IEnumerable<BoilerplateRules> options, int f) =>
            options.MaxBy(r => Pool(scores(r), fold, f, train: true) is var (w, o) ? w - o : 0)!;
    }

    private static BoilerplateRules Combine(BoilerplateRules all, BoilerplateRules r) =>
        all with
        {
            SignUpPrompts = all.SignUpPrompts || r.SignUpPrompts,
            MaxPrompt = r.SignUpPrompts ? r.MaxPrompt : all.MaxPrompt,
            EdgeLinks = all.EdgeLinks || r.EdgeLinks,
            ShortBlock = r.EdgeLinks ? r.ShortBlock : all.ShortBlock,
            EdgeLinkDensity = r.EdgeLinks ? r.EdgeLinkDensity : all.EdgeLinkDensity,
            RelatedLeadIns = all.RelatedLeadIns || r.RelatedLeadIns,
            DescriptionLead = all.DescriptionLead || r.DescriptionLead,
            Credits = all.Credits || r.Credits,
            Captions = all.Captions || r.Captions,
            AdLabels = all.AdLabels || r.AdLabels,
            ClassHints = all.ClassHints || r.ClassHints,
            ShoutedLabels = all.ShoutedLabels || r.ShoutedLabels,
            MaxShouted = r.ShoutedLabels ? r.MaxShouted : all.MaxShouted,
            MaxHintRegion = r.ClassHints ? r.MaxHintRegion : all.MaxHintRegion,
            LinkRuns = all.LinkRuns || r.LinkRuns,
            RunShortBlock = r.LinkRuns ? r.RunShortBlock : all.RunShortBlock,
            RunLinkDensity = r.LinkRuns ? r.RunLinkDensity : all.RunLinkDensity,
            TailCut = all.TailCut || r.TailCut,
            ProseLength = r.TailCut ? r.ProseLength : all.ProseLength,
            TailShort = r.TailCut ? r.TailShort : all.TailShort,
        };

    private static string Describe(BoilerplateRules rules) => rules.ToString();

    /// <summary>
    /// Pages per second through the whole parser (decode, parse, extract), one thread, best of five interleaved rounds
    /// of each rule set, by wall clock and by the process's CPU time (less sensitive to a machine shared with others).
    /// </summary>
    internal static string Speed(IReadOnlyList<byte[]> pages, BoilerplateRules chosen)
    {
        ArgumentNullException.ThrowIfNull(pages);
        ArgumentNullException.ThrowIfNull(chosen);
        var sets = new[] { ("none", BoilerplateRules.None), ("shipped", BoilerplateRules.Shipped), ("chosen", chosen) };
        var wall = new double[sets.Length];
        var cpu = new double[sets.Length];
        using var process = Process.GetCurrentProcess();
        for (var round = 0; round < 5; round++)
        {
            for (var s = 0; s < sets.Length; s++)
            {
                var parser = new ArticleParser { HtmlRules = sets[s].Item2 };
                process.Refresh();
                var cpuStart = process.TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                foreach (var page in pages)
                {
                    parser.Parse(page, "page.html");
                }

                watch.Stop();
                process.Refresh();
                wall[s] = Math.Max(wall[s], pages.Count / watch.Elapsed.TotalSeconds);
                cpu[s] = Math.Max(cpu[s], pages.Count / (process.TotalProcessorTime - cpuStart).TotalSeconds);
            }
        }

        var kilobytes = pages.Average(p => p.Length) / 1024;
        return Invariant($"speed over {pages.Count} pages of {kilobytes:F0} KB on average (pages/s, one thread, best of 5, wall / CPU): ")
            + string.Join(", ", sets.Select((s, i) => Invariant($"{s.Item1} {wall[i]:F0} / {cpu[i]:F0}")));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
