using System.Text.RegularExpressions;

namespace Pipeline.Core.Ingestion;

/// <summary>
/// Reads a plain-text article: a heading-like first line becomes the title, blank lines or line breaks separate
/// paragraphs (hard-wrapped lines are rejoined), and residue of copy-pasted web pages is dropped: embedded-post
/// links and attribution lines with the post text they repeat, ALL-CAPS "read also" promotions and "Read more" lines.
/// </summary>
public static partial class PlainTextParser
{
    /// <summary>
    /// Parses <paramref name="text"/>; null when nothing readable is left. A title that <paramref name="metadata"/> declares
    /// (a JSON title field) is kept, and the first line is then body text.
    /// </summary>
    public static ParsedArticle? Parse(string text, string name, ArticleFormat format = ArticleFormat.Text, ArticleMetadata? metadata = null)
    {
        metadata ??= ArticleMetadata.Empty;
        var blocks = Blocks(RemoveClutter(SplitLines(text)));
        if (blocks.Count == 0)
        {
            return null;
        }

        string? heading = null;
        if (metadata.Title is null && blocks[0].Count == 1 && IsHeadingLike(blocks[0][0]) && blocks.Count > 1)
        {
            heading = blocks[0][0];
            blocks.RemoveAt(0);
        }
        else if (metadata.Title is null && blocks[0].Count > 1 && IsHeadingLike(blocks[0][0]) && (!IsHardWrapped(blocks[0]) || ArticleText.IsBylineOrDate(blocks[0][1])))
        {
            heading = blocks[0][0];
            blocks[0].RemoveAt(0);
        }

        var paragraphs = blocks.SelectMany(Paragraphs).Where(p => p.Length > 0).ToList();
        metadata = ArticleText.LiftBylineAndDate(paragraphs, metadata);
        return ArticleText.ToArticle(paragraphs, format, metadata, name, heading);
    }

    private static bool IsHeadingLike(string line) =>
        line.Length <= ArticleText.MaxTitleLength
        && line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= 20
        && !line.EndsWith('.') && !line.EndsWith(',') && !line.EndsWith(';')
        && line.Any(char.IsLetter);

    private static List<string> SplitLines(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n').Select(l => l.TrimEnd()).ToList();

    /// <summary>Drops the lines a copy of a web page leaves behind in an article's text.</summary>
    internal static List<string> RemoveClutter(List<string> lines)
    {
        var kept = new List<string>(lines.Count);
        var seenTokens = new HashSet<string>(StringComparer.Ordinal);
        var firstContent = true;

        // Wire copy typed entirely in capitals is the article, not a run of promotions.
        var shoutedThroughout = lines.Count(IsShouted) * 2 > lines.Count(l => l.Trim().Length > 0);
        foreach (var raw in lines)
        {
            var line = EmbeddedLink().Replace(raw, string.Empty).Trim();
            var hadLink = line.Length != raw.Trim().Length;
            if (line.Length == 0)
            {
                if (!hadLink)
                {
                    kept.Add(string.Empty);
                }

                continue;
            }

            if (Attribution().IsMatch(line))
            {
                // The embedded post's own text sits just above its attribution and repeats what the article quotes.
                while (kept.Count > 0 && kept[^1].Length > 0 && RepeatsEarlierText(kept[^1], kept, seenTokens))
                {
                    kept.RemoveAt(kept.Count - 1);
                }

                continue;
            }

            if (EmbedResidue().IsMatch(line))
            {
                continue;
            }

            if (!firstContent && ((!shoutedThroughout && IsShoutedPromo(line)) || PromoLine().IsMatch(line)))
            {
                continue;
            }

            firstContent = false;
            kept.Add(line);
        }

        return kept;
    }

    private static bool RepeatsEarlierText(string line, List<string> kept, HashSet<string> scratch)
    {
        var words = Words(line);
        if (words.Count == 0)
        {
            return true;
        }

        scratch.Clear();
        foreach (var earlier in kept.Take(kept.Count - 1))
        {
            scratch.UnionWith(Words(earlier));
        }

        return words.Count(scratch.Contains) >= words.Count * 0.8;
    }

    private static List<string> Words(string text) =>
        WordPattern().Matches(text).Select(m => m.Value.ToLowerInvariant()).ToList();

    private static bool IsShoutedPromo(string line) =>
        IsShouted(line) && line.Length <= 200 && line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 3;

    private static bool IsShouted(string line) => ArticleText.IsShouted(line, minLetters: 12);

    private static List<List<string>> Blocks(List<string> lines)
    {
        var blocks = new List<List<string>>();
        List<string>? current = null;
        foreach (var line in lines)
        {
            if (line.Trim().Length == 0)
            {
                current = null;
                continue;
            }

            if (current is null)
            {
                current = [];
                blocks.Add(current);
            }

            current.Add(line.Trim());
        }

        return blocks;
    }

    private static IEnumerable<string> Paragraphs(List<string> block) =>
        IsHardWrapped(block) ? [ArticleText.Collapse(string.Join(' ', block))] : block.Select(ArticleText.Collapse);

    /// <summary>Lines cut at a fixed width read as one paragraph; lines of any length each ending a thought do not.</summary>
    private static bool IsHardWrapped(List<string> block)
    {
        if (block.Count < 2)
        {
            return false;
        }

        // Text is wrapped at 60 to 80 columns, or up to 100; a block of short lines is a list, an address or a header.
        var longest = block.Max(l => l.Length);
        if (longest is > 100 or < 40)
        {
            return false;
        }

        var wrapped = 0;
        for (var i = 0; i < block.Count - 1; i++)
        {
            if (block[i].Length >= longest * 0.6 && !TerminalPunctuation().IsMatch(block[i]))
            {
                wrapped++;
            }
        }

        return wrapped >= (block.Count - 1) / 2.0;
    }

    [GeneratedRegex(@"(https?://)?(pic\.twitter\.com|t\.co)/\S+", RegexOptions.IgnoreCase)]
    private static partial Regex EmbeddedLink();

    [GeneratedRegex(@"^[—–-]{1,2}\s*\S.{0,80}\(@\w{1,30}\)\s*(\w+\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+\w+\s+\d{4}|\d{4}-\d{2}-\d{2})?\s*$")]
    private static partial Regex Attribution();

    [GeneratedRegex(@"^(view this post on instagram|a (post|photo|video) shared by .{1,80}\(@[\w.]{1,30}\).*|watch on youtube|embedded video|click to (play|expand)|tap to (play|expand))\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex EmbedResidue();

    [GeneratedRegex(@"^(read (more|also|next)|related( stories| articles)?|see also|recommended( for you)?|more from|advertisement|sponsored|click here|sign up for|subscribe to)\b.{0,120}$", RegexOptions.IgnoreCase)]
    private static partial Regex PromoLine();

    [GeneratedRegex(@"[.!?:…""”’)]$")]
    private static partial Regex TerminalPunctuation();

    [GeneratedRegex(@"\w+")]
    private static partial Regex WordPattern();
}
