using AngleSharp.Dom;

namespace Pipeline.Core.Ingestion;

public sealed partial class HtmlExtractor
{
    [Flags]
    private enum Flags
    {
        None = 0,
        StripUnlikelys = 1,
        WeightClasses = 2,
        CleanConditionally = 4,
    }

    /// <summary>
    /// One pass over the page with some of Readability's heuristics on, and what that pass learns: the scores of
    /// candidate nodes, the tables that hold data, and a byline found in the markup. A retry starts a new attempt.
    /// </summary>
    private sealed class ExtractionAttempt(Flags flags, string? title)
    {
        /// <summary>The page title, to recognise a heading that repeats it.</summary>
        public string? Title { get; } = title;

        public Dictionary<IElement, double> Scores { get; } = new(ReferenceEqualityComparer.Instance);

        public HashSet<IElement> DataTables { get; } = new(ReferenceEqualityComparer.Instance);

        public string? DomByline { get; set; }

        public bool StripsUnlikelys => flags.HasFlag(Flags.StripUnlikelys);

        public bool WeighsClasses => flags.HasFlag(Flags.WeightClasses);

        public bool CleansConditionally => flags.HasFlag(Flags.CleanConditionally);

        /// <summary>The next attempt, with one heuristic fewer in Readability's order; null when none is left.</summary>
        public ExtractionAttempt? Relax() =>
            StripsUnlikelys ? new ExtractionAttempt(flags & ~Flags.StripUnlikelys, Title)
            : WeighsClasses ? new ExtractionAttempt(flags & ~Flags.WeightClasses, Title)
            : CleansConditionally ? new ExtractionAttempt(flags & ~Flags.CleanConditionally, Title)
            : null;

        /// <summary>Replaces <paramref name="node"/> by an element of another tag, keeping its children, attributes and score.</summary>
        public IElement Retag(IElement node, string tag)
        {
            var replacement = SetNodeTag(node, tag);
            if (Scores.Remove(node, out var score))
            {
                Scores[replacement] = score;
            }

            return replacement;
        }
    }
}
