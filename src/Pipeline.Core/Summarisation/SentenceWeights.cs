namespace Pipeline.Core.Summarisation;

/// <summary>
/// The extractive summariser's sentence-scoring constants. A sentence scores its position prior, 1 / (1 + decay ×
/// index), plus the weighted LexRank centrality, title similarity and key-word mass (each scaled to the document's
/// best), times its quality factor; maximal marginal relevance then trades score against similarity to the sentences
/// already chosen (<see cref="Lambda"/>) and skips near-duplicates. <see cref="Default"/> is what ships; the
/// evaluation tool passes others to choose them on training folds only (README, Quality).
/// </summary>
/// <param name="PositionDecay">How fast the position prior falls with the sentence's index.</param>
/// <param name="Centrality">Weight of LexRank centrality.</param>
/// <param name="Title">Weight of the cosine similarity to the title.</param>
/// <param name="Keyword">Weight of the sentence's key-word mass.</param>
/// <param name="Lambda">MMR's share of score against redundancy (1 ranks by score alone).</param>
/// <param name="DuplicateSimilarity">Cosine similarity at which a sentence repeats one already chosen and is skipped.</param>
internal sealed record SentenceWeights(double PositionDecay, double Centrality, double Title, double Keyword, double Lambda, double DuplicateSimilarity)
{
    public static SentenceWeights Default { get; } = new(PositionDecay: 0.6, Centrality: 0.35, Title: 0.25, Keyword: 0.25, Lambda: 0.6, DuplicateSimilarity: 0.65);
}
