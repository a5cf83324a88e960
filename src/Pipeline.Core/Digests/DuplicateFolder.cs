using Pipeline.Core.Summarisation;

namespace Pipeline.Core.Digests;

/// <summary>
/// Folds near-duplicate reports of one story across a whole digest into one item. A group of near-duplicates (any chain
/// of pairwise matches) is shown once, where its first member appears (so in the first section that has it), with the
/// best summary: a language-model summary before an extractive one, then the longer summary, then the earlier item.
/// The others' sites go into <see cref="DigestItem.AlsoReportedBy"/> and their ids into
/// <see cref="DigestItem.FoldedArticleIds"/>, so they count as delivered with the digest.
/// </summary>
public static class DuplicateFolder
{
    /// <summary>
    /// The sections with near-duplicates folded. <paramref name="signatureOf"/> gives each article's signature, or null
    /// when there is none (such an item is never folded). A section left with no items is dropped.
    /// </summary>
    public static IReadOnlyList<DigestSection> Fold(IReadOnlyList<DigestSection> sections, Func<string, DuplicateSignature?> signatureOf, NearDuplicateSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(sections);
        ArgumentNullException.ThrowIfNull(signatureOf);
        settings ??= NearDuplicateSettings.Default;
        var items = sections.SelectMany(s => s.Items).ToList();
        if (items.Count < 2)
        {
            return sections;
        }

        var signatures = items.Select(i => signatureOf(i.ArticleId)).ToArray();
        var group = Enumerable.Range(0, items.Count).ToArray();
        var folded = false;
        for (var a = 0; a < items.Count; a++)
        {
            for (var b = a + 1; b < items.Count; b++)
            {
                if (signatures[a] is { } sa && signatures[b] is { } sb && Root(group, a) != Root(group, b) && NearDuplicates.AreNearDuplicates(sa, sb, settings))
                {
                    // The lower index becomes the root, so a group's root is always its first member.
                    var (ra, rb) = (Root(group, a), Root(group, b));
                    group[Math.Max(ra, rb)] = Math.Min(ra, rb);
                    folded = true;
                }
            }
        }

        if (!folded)
        {
            return sections;
        }

        var members = Enumerable.Range(0, items.Count).GroupBy(i => Root(group, i)).ToDictionary(g => g.Key, g => g.ToList());
        var result = new List<DigestSection>(sections.Count);
        var index = 0;
        foreach (var section in sections)
        {
            var kept = new List<DigestItem>(section.Items.Count);
            foreach (var _ in section.Items)
            {
                if (members.TryGetValue(index, out var member))
                {
                    kept.Add(member.Count == 1 ? items[index] : Combine(member.Select(m => items[m]).ToList()));
                }

                index++;
            }

            if (kept.Count > 0)
            {
                result.Add(section with { Items = kept });
            }
        }

        return result;
    }

    /// <summary>The site an article came from: the URL's host, lower-cased, without <c>www.</c>; null when there is none.</summary>
    public static string? Host(string? url)
    {
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            return null;
        }

        var host = uri.Host.ToLowerInvariant();
        return host.StartsWith("www.", StringComparison.Ordinal) ? host[4..] : host;
    }

    private static DigestItem Combine(List<DigestItem> group)
    {
        var best = group
            .Select((item, order) => (item, order))
            .OrderByDescending(p => p.item.Method == SummaryMethods.Llm)
            .ThenByDescending(p => p.item.Sentences.Sum(s => s.Length))
            .ThenBy(p => p.order)
            .First().item;
        var others = group.Where(i => !ReferenceEquals(i, best)).ToList();
        var ownHost = Host(best.Url);
        var hosts = others.Select(i => Host(i.Url))
            .OfType<string>()
            .Concat(best.AlsoReportedBy)
            .Where(h => !string.Equals(h, ownHost, StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        var ids = others.SelectMany(i => i.FoldedArticleIds.Prepend(i.ArticleId)).Concat(best.FoldedArticleIds).Distinct(StringComparer.Ordinal).ToList();
        return best with { AlsoReportedBy = hosts, FoldedArticleIds = ids };
    }

    private static int Root(int[] group, int i)
    {
        while (group[i] != i)
        {
            group[i] = group[group[i]];
            i = group[i];
        }

        return i;
    }
}
