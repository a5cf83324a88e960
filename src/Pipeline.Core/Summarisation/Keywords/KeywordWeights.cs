namespace Pipeline.Core.Summarisation;

/// <summary>
/// How phrase scores weigh length, names and frequency for one kind of text. News and abstracts want different
/// phrases: crowd-picked news key phrases are mostly single words and names, abstract key phrases mostly two or
/// three-word terms.
/// </summary>
/// <param name="MultiWordBoost">Factor for phrases of two or more words.</param>
/// <param name="CommonWordFactor">Factor for a single word that is not a name.</param>
/// <param name="NameFactor">Factor for a single-word name.</param>
/// <param name="FrequencyExponent">Power of the log-scaled count (1 + ln count).</param>
internal sealed record KindWeights(double MultiWordBoost, double CommonWordFactor, double NameFactor, double FrequencyExponent);

/// <summary>
/// The extractor's tunable constants. <see cref="Default"/> holds the values chosen by cross-validation (see the
/// README's Quality section); the evaluation tool passes others to choose them on training folds only.
/// </summary>
/// <param name="Abstract">Weights for expository text (abstracts, reports).</param>
/// <param name="News">Weights for news: reported speech or many capitalised words.</param>
/// <param name="NewsCapitalShare">Share of capitalised words above which a text reads as news.</param>
/// <param name="DropContained">Drop a phrase that a better one holds and that names the same thing ("Attorney General" after "State Attorney General").</param>
internal sealed record KeywordWeights(KindWeights Abstract, KindWeights News, double NewsCapitalShare, bool DropContained)
{
    /// <summary>
    /// The re-ranker over the features of the best candidates (<c>KeywordExtractor.Features</c>): a logistic regression
    /// and boosted trees that correct it (with no trees, the logistic regression alone), fitted on the dev set by
    /// <c>pipeline eval keywords --learn</c>; null ranks by the hand-set score alone.
    /// </summary>
    public BoostedTrees? Model { get; init; }

    /// <summary>The embedded file of the shipped re-ranker (<c>Summarisation/Keywords/keyword-trees.txt</c>).</summary>
    internal const string TreesResource = "Pipeline.Core.Summarisation.keyword-trees.txt";

    /// <summary>The weights before news had its own (one set for every text), kept so the evaluation can compare against them.</summary>
    public static KeywordWeights Uniform { get; } = new(new(1.3, 0.5, 1, 1), new(1.3, 0.5, 1, 1), double.PositiveInfinity, DropContained: false);

    /// <summary>
    /// Chosen by <c>pipeline eval keywords --tune</c> on the key-phrase dev set (all folds; every held-out fold chose
    /// frequency exponent 3 and favoured single words and names over multi-word phrases for news).
    /// </summary>
    public static KeywordWeights Default { get; } = Uniform with
    {
        News = new KindWeights(MultiWordBoost: 1.0, CommonWordFactor: 2.4, NameFactor: 2.1, FrequencyExponent: 3.0),
        NewsCapitalShare = 0.25,
        DropContained = true,

        // Fitted on all 1,470 dev documents by `pipeline eval keywords --data …/docs.jsonl --learn --trees <file>` (each
        // dataset weighing the same); the same procedure on training folds only gives the held-out figures in the README.
        Model = BoostedTrees.FromResource(TreesResource),
    };
}
