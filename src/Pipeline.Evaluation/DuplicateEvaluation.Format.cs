using System.Globalization;
using System.Text;
using Pipeline.Core.Digests;

namespace Pipeline.Evaluation;

public static partial class DuplicateEvaluation
{
    /// <summary>The report <c>pipeline eval duplicates</c> prints.</summary>
    public static string Format(DuplicateEvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"labelled pairs: {result.Pairs} ({result.Positives} the same story, {result.Pairs - result.Positives} not)\n");
        foreach (var cv in result.CrossValidations)
        {
            var k = cv.Folds.Count;
            text.Append(CultureInfo.InvariantCulture, $"\n{cv.Grid}: {k}-fold cross-validation, setting chosen on the training folds (best F1)\n");
            foreach (var fold in cv.Folds)
            {
                text.Append(CultureInfo.InvariantCulture, $"  fold {fold.Index}: {Describe(fold.Chosen),-44} held out P {fold.HeldOut.Precision:F3} R {fold.HeldOut.Recall:F3} (tp {fold.HeldOut.TruePositives}, fp {fold.HeldOut.FalsePositives}, fn {fold.HeldOut.FalseNegatives})\n");
            }

            text.Append(CultureInfo.InvariantCulture, $"  held-out precision {cv.Precision.Mean:F3} ± {cv.Precision.StandardDeviation:F3}, recall {cv.Recall.Mean:F3} ± {cv.Recall.StandardDeviation:F3} (mean ± sd over folds)\n");
            text.Append(CultureInfo.InvariantCulture, $"  pooled held-out: precision {cv.Pooled.Precision:F3}, recall {cv.Pooled.Recall:F3}, F1 {cv.Pooled.F1:F3}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"\nchosen on all labelled pairs: {Describe(result.ChosenOnAll)} (in-sample P {result.ChosenOnAllInSample.Precision:F3} R {result.ChosenOnAllInSample.Recall:F3})\n");
        text.Append(CultureInfo.InvariantCulture, $"shipped default:              {Describe(NearDuplicateSettings.Default)}{(result.ChosenOnAll == NearDuplicateSettings.Default ? string.Empty : "  (differs from the choice above)")}\n");
        var rate = result.RandomPairs == 0 ? 0 : result.RandomFlagged / (double)result.RandomPairs;

        // With no false positive in n pairs, 3/n is the 95% upper bound on the rate (the rule of three).
        var bound = result.RandomFlagged == 0 && result.RandomPairs > 0 ? FormattableString.Invariant($", 95% upper bound {3.0 / result.RandomPairs:E1}") : string.Empty;
        text.Append(CultureInfo.InvariantCulture, $"random unlabelled pairs: {result.RandomFlagged} of {result.RandomPairs} flagged (false-positive rate {rate:E1}{bound})\n");
        text.Append(CultureInfo.InvariantCulture, $"signature cost (shipped default, one thread, articles already in memory): {result.SignatureMicroseconds:F1} µs and {result.SignatureBytes:F0} bytes allocated per article\n");
        return text.ToString();
    }

    /// <summary>A setting in a few words, for example <c>bigrams, no stop words, body ≥ 0.50, lead ≥ 0.60</c>.</summary>
    public static string Describe(NearDuplicateSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var shingles = settings.ShingleSize switch { 1 => "unigrams", 2 => "bigrams", 3 => "trigrams", var n => $"{n}-grams" };
        var stop = settings.DropStopWords ? "no stop words" : "all words";
        var lead = settings.LeadThreshold > 1 ? "no lead" : FormattableString.Invariant($"lead ≥ {settings.LeadThreshold:F2}");
        return FormattableString.Invariant($"{shingles}, {stop}, body ≥ {settings.BodyThreshold:F2}, {lead}");
    }
}
