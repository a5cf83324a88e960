namespace Pipeline.Core.Digests;

public static partial class NearDuplicates
{
    // English function words and reporting verbs: shared by any two news stories, so they say nothing about which story.
    private static readonly string[] StopWordList =
    [
        "a", "an", "the", "and", "or", "but", "if", "of", "to", "in", "on", "at", "for", "with", "by", "from", "as", "into", "about",
        "over", "after", "before", "up", "out", "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "do", "does",
        "did", "it", "its", "this", "that", "these", "those", "he", "she", "they", "we", "you", "i", "his", "her", "their", "our",
        "your", "him", "them", "us", "not", "no", "will", "would", "can", "could", "should", "may", "might", "must", "shall",
        "said", "says", "say", "also", "which", "who", "whom", "what", "when", "where", "than", "then", "there", "so", "such",
        "more", "most", "some", "any", "all", "one", "new", "mr", "mrs", "ms", "just", "now", "very", "only", "other", "while",
    ];

    private static readonly HashSet<ulong> StopWords = HashStopWords();

    private static HashSet<ulong> HashStopWords()
    {
        var set = new HashSet<ulong>();
        foreach (var word in StopWordList)
        {
            var i = 0;
            if (NextWord(word, ref i, out var hash, out _))
            {
                set.Add(hash);
            }
        }

        return set;
    }
}
