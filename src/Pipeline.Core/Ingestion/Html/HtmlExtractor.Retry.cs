using AngleSharp.Dom;

namespace Pipeline.Core.Ingestion;

public sealed partial class HtmlExtractor
{
    private const int CharThreshold = 500;

    /// <summary>
    /// Runs attempts with one heuristic fewer each time until one finds enough text; when none does, the longest result
    /// wins. The byline found in the markup is the last attempt's.
    /// </summary>
    private static (IElement Content, string? DomByline)? ExtractWithRetries(IDocument document, IElement body, string? title)
    {
        // Each attempt mutates the page, so a retry starts again from a copy taken before the first one.
        var pristine = body.Clone(deep: true);
        var shortResults = new List<(IElement Content, int Length)>();
        var attempt = new ExtractionAttempt(Flags.StripUnlikelys | Flags.WeightClasses | Flags.CleanConditionally, title);
        var page = body;
        while (true)
        {
            var content = GrabArticle(document, page, attempt);
            var length = TextLength(content);
            if (length >= CharThreshold)
            {
                return (content, attempt.DomByline);
            }

            shortResults.Add((content, length));
            if (attempt.Relax() is not { } relaxed)
            {
                var best = shortResults.OrderByDescending(a => a.Length).FirstOrDefault();
                return best.Length == 0 ? null : (best.Content, attempt.DomByline);
            }

            attempt = relaxed;
            var copy = (IElement)pristine.Clone(deep: true);
            page.Replace(copy);
            page = copy;
        }
    }

    /// <summary>One attempt, in Readability's phases: clear the page and collect blocks, score them, choose the best, join its siblings, clean.</summary>
    private static IElement GrabArticle(IDocument document, IElement page, ExtractionAttempt attempt)
    {
        var elementsToScore = CollectElementsToScore(document, attempt);
        var candidates = ScoreElements(elementsToScore, attempt);
        var top = TopCandidates(candidates, attempt);
        var (topCandidate, parentOfTop) = SelectTopCandidate(document, page, top, attempt);
        var article = JoinSiblings(document, topCandidate, parentOfTop, attempt);
        PrepArticle(article, attempt);
        return article;
    }
}
