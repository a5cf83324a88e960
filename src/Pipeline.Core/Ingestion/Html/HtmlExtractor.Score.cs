using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Pipeline.Core.Ingestion;

public sealed partial class HtmlExtractor
{
    private const int TopCandidateCount = 5;

    /// <summary>Scores each block by its length and commas and adds the score to five ancestors, less each level up; returns the ancestors.</summary>
    private static List<IElement> ScoreElements(List<IElement> elementsToScore, ExtractionAttempt attempt)
    {
        var candidates = new List<IElement>();
        foreach (var element in elementsToScore)
        {
            if (element.ParentElement is null)
            {
                continue;
            }

            var (length, commas) = TextStats(element);
            if (length < 25)
            {
                continue;
            }

            var score = 1.0 + commas + 1 + Math.Min(length / 100, 3);
            var level = 0;
            for (var ancestor = element.ParentElement; ancestor is not null && level < 5; ancestor = ancestor.ParentElement, level++)
            {
                if (ancestor.ParentElement is null)
                {
                    break;
                }

                if (EnsureScored(ancestor, attempt))
                {
                    candidates.Add(ancestor);
                }

                var divider = level == 0 ? 1 : level == 1 ? 2 : level * 3;
                attempt.Scores[ancestor] += score / divider;
            }
        }

        return candidates;
    }

    /// <summary>Discounts every candidate's score by its link density; returns the best few, best first.</summary>
    private static List<IElement> TopCandidates(List<IElement> candidates, ExtractionAttempt attempt)
    {
        var scores = attempt.Scores;
        var top = new List<IElement>(TopCandidateCount + 1);
        var linkDensities = LinkDensities(candidates);
        foreach (var candidate in candidates)
        {
            var score = scores[candidate] * (1 - linkDensities[candidate]);
            scores[candidate] = score;
            var at = top.FindIndex(t => score > scores[t]);
            if (at < 0 && top.Count < TopCandidateCount)
            {
                top.Add(candidate);
            }
            else if (at >= 0)
            {
                top.Insert(at, candidate);
                if (top.Count > TopCandidateCount)
                {
                    top.RemoveAt(top.Count - 1);
                }
            }
        }

        return top;
    }

    /// <summary>The element that holds the article, and the parent whose children are its siblings.</summary>
    private static (IElement Candidate, IElement Parent) SelectTopCandidate(IDocument document, IElement page, List<IElement> top, ExtractionAttempt attempt)
    {
        if (top.Count == 0 || top[0].LocalName == "body")
        {
            // Nothing stood out, so the whole page is the candidate.
            var wrapper = document.CreateElement("div");
            while (page.FirstChild is { } child)
            {
                wrapper.AppendChild(child);
            }

            page.AppendChild(wrapper);
            EnsureScored(wrapper, attempt);
            return (wrapper, page);
        }

        var topCandidate = PreferCommonAncestor(top, attempt);
        topCandidate = PreferBetterParent(topCandidate, attempt);
        for (var parent = topCandidate.ParentElement; parent is not null && parent.LocalName != "body" && parent.Children.Length == 1; parent = topCandidate.ParentElement)
        {
            topCandidate = parent;
        }

        EnsureScored(topCandidate, attempt);
        return (topCandidate, topCandidate.ParentElement ?? page);
    }

    /// <summary>When three or more near-best candidates share an ancestor with the best one, the article is split among them: take that ancestor.</summary>
    private static IElement PreferCommonAncestor(List<IElement> top, ExtractionAttempt attempt)
    {
        const int minimumTopCandidates = 3;
        var topCandidate = top[0];
        var topScore = attempt.Scores[topCandidate];
        var alternatives = new List<HashSet<IElement>>();
        for (var i = 1; i < top.Count; i++)
        {
            if (attempt.Scores[top[i]] / topScore >= 0.75)
            {
                alternatives.Add(Ancestors(top[i]));
            }
        }

        if (alternatives.Count < minimumTopCandidates)
        {
            return topCandidate;
        }

        for (var parent = topCandidate.ParentElement; parent is not null && parent.LocalName != "body"; parent = parent.ParentElement)
        {
            if (alternatives.Count(a => a.Contains(parent)) >= minimumTopCandidates)
            {
                return parent;
            }
        }

        return topCandidate;
    }

    /// <summary>Climbs to a scored ancestor that beats the candidate, unless the scores on the way fall below a third of its own.</summary>
    private static IElement PreferBetterParent(IElement topCandidate, ExtractionAttempt attempt)
    {
        EnsureScored(topCandidate, attempt);
        var lastScore = attempt.Scores[topCandidate];
        var threshold = lastScore / 3;
        for (var parent = topCandidate.ParentElement; parent is not null && parent.LocalName != "body"; parent = parent.ParentElement)
        {
            if (!attempt.Scores.TryGetValue(parent, out var parentScore))
            {
                continue;
            }

            if (parentScore < threshold)
            {
                break;
            }

            if (parentScore > lastScore)
            {
                return parent;
            }

            lastScore = parentScore;
        }

        return topCandidate;
    }

    /// <summary>Gives <paramref name="node"/> its starting score from its tag and class unless it has one; true when it had none.</summary>
    private static bool EnsureScored(IElement node, ExtractionAttempt attempt)
    {
        if (attempt.Scores.ContainsKey(node))
        {
            return false;
        }

        var score = node.LocalName switch
        {
            "div" => 5,
            "pre" or "td" or "blockquote" => 3,
            "address" or "ol" or "ul" or "dl" or "dd" or "dt" or "li" or "form" => -3,
            "h1" or "h2" or "h3" or "h4" or "h5" or "h6" or "th" => -5,
            _ => 0,
        };
        attempt.Scores[node] = score + ClassWeight(node, attempt);
        return true;
    }

    private static int ClassWeight(IElement node, ExtractionAttempt attempt)
    {
        if (!attempt.WeighsClasses)
        {
            return 0;
        }

        var weight = 0;
        if (node.ClassName is { Length: > 0 } className)
        {
            weight += NegativeNames().IsMatch(className) ? -25 : 0;
            weight += PositiveNames().IsMatch(className) ? 25 : 0;
        }

        if (node.Id is { Length: > 0 } id)
        {
            weight += NegativeNames().IsMatch(id) ? -25 : 0;
            weight += PositiveNames().IsMatch(id) ? 25 : 0;
        }

        return weight;
    }

    private static HashSet<IElement> Ancestors(IElement element)
    {
        var set = new HashSet<IElement>(ReferenceEqualityComparer.Instance);
        for (var parent = element.ParentElement; parent is not null; parent = parent.ParentElement)
        {
            set.Add(parent);
        }

        return set;
    }

    [GeneratedRegex("article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story", RegexOptions.IgnoreCase)]
    private static partial Regex PositiveNames();

    [GeneratedRegex("-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|footer|gdpr|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|widget", RegexOptions.IgnoreCase)]
    private static partial Regex NegativeNames();
}
